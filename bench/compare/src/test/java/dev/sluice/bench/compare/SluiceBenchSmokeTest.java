package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.bench.harness.ProbeServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP/2 client against the Sluice server for a second, reading the "server's" allocation
 * through a probe (here in the same JVM): it works and prints its line. Nothing is timed.
 */
class SluiceBenchSmokeTest {

  private static final String LINE = "result impl=sluice transport=h2 mode=(unary|streaming) "
      + "channels=1 outstanding=4 payload=100 duration_s=\\d+\\.\\d\\d count=[1-9]\\d* "
      + "qps=\\d+\\.\\d p50_us=\\d+\\.\\d p90_us=\\d+\\.\\d p99_us=\\d+\\.\\d "
      + "p999_us=\\d+\\.\\d max_us=\\d+\\.\\d errors=0 "
      + "client_alloc_bytes_per_call=\\d+ server_alloc_bytes_per_call=\\d+";

  @ParameterizedTest
  @EnumSource(Mode.class)
  void run_withServerProbe_printsAWellFormedResultLine(Mode mode) throws Exception {
    Server server = SluiceBenchServer.start(0);
    try (ProbeServer probe = ProbeServer.start(0);
        ProbeClient serverProbe = ProbeClient.connect(probe.port())) {
      int port = Integer.parseInt(server.addresses().get(0).replaceAll(".*:", ""));
      LoadResult r = SluiceBenchClient.run(new InetSocketAddress("127.0.0.1", port),
          new LoadShape(Transport.H2, mode, 1, 4, 100), Duration.ofMillis(200),
          Duration.ofSeconds(1), serverProbe);
      assertThat(r.line()).matches(LINE);
    } finally {
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
    }
  }
}
