package dev.sluice.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The result line's allocation fields, which bench/bin/compare reads by name. */
class LoadResultTest {

  private static LoadWindow.Result window(long calls, long local, long server) {
    Histogram h = new Histogram(3);
    for (int i = 0; i < calls; i++) {
      h.recordValue(1_000 + i);
    }
    return new LoadWindow.Result(2.0, calls, h, 0, local, server);
  }

  @Test
  void line_h2WithServerProbe_hasClientAndServerBytesPerCall() {
    String line = new LoadResult("sluice", new LoadShape(Transport.H2, Mode.UNARY, 1, 64, 0),
        window(100, 150_000, 250_000)).line();
    assertThat(line)
        .startsWith("result impl=sluice transport=h2 mode=unary channels=1 outstanding=64 ")
        .contains(" count=100 qps=50.0 ")
        .endsWith(" errors=0 client_alloc_bytes_per_call=1500 server_alloc_bytes_per_call=2500");
  }

  @Test
  void line_h2WithoutProbe_hasNoServerField() {
    String line = new LoadResult("grpc-java",
        new LoadShape(Transport.H2, Mode.STREAMING, 1, 4, 10), window(10, 1000, -1)).line();
    assertThat(line).endsWith(" client_alloc_bytes_per_call=100");
  }

  @Test
  void line_inProcess_hasOneFigureForTheWholeJvm() {
    String line = new LoadResult("sluice", new LoadShape(Transport.INPROC, Mode.UNARY, 1, 1, 0),
        window(4, 1000, -1)).line();
    assertThat(line).contains(" transport=inproc ").endsWith(" alloc_bytes_per_call=250");
  }

  @Test
  void line_noCompletedCall_leavesAllocationOut() {
    String line = new LoadResult("sluice", new LoadShape(Transport.H2, Mode.UNARY, 1, 1, 0),
        window(0, 1000, 1000)).line();
    assertThat(line).endsWith(" errors=0");
  }
}
