package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The in-process benchmark for half a second: calls complete and the line has its fields. */
class SluiceInProcessBenchSmokeTest {

  private static final String LINE = "result impl=sluice transport=inproc "
      + "mode=(unary|streaming) channels=1 outstanding=8 payload=0 duration_s=\\d+\\.\\d\\d "
      + "count=[1-9]\\d* qps=\\d+\\.\\d p50_us=\\d+\\.\\d p90_us=\\d+\\.\\d p99_us=\\d+\\.\\d "
      + "p999_us=\\d+\\.\\d max_us=\\d+\\.\\d errors=0 alloc_bytes_per_call=\\d+";

  @ParameterizedTest
  @EnumSource(Mode.class)
  void run_briefly_completesCallsAndPrintsAWellFormedLine(Mode mode) throws Exception {
    LoadResult r = SluiceInProcessBench.run(new LoadShape(Transport.INPROC, mode, 1, 8, 0),
        Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(r.window().calls()).isPositive();
    assertThat(r.window().localAllocatedBytes()).isPositive();
    assertThat(r.line()).matches(LINE);
  }
}
