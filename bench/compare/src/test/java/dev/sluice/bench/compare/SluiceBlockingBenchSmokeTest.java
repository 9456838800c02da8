package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The blocking-handler server answers the benchmark's unary load as the async one does: the
 * Sluice client runs against it for a second without an error. Nothing is timed.
 */
class SluiceBlockingBenchSmokeTest {

  @Test
  void unaryLoad_againstBlockingServer_completesCallsWithoutErrors() throws Exception {
    Server server = SluiceBlockingBenchServer.start(0);
    try {
      int port = Integer.parseInt(server.addresses().get(0).replaceAll(".*:", ""));
      LoadResult r = SluiceBenchClient.run(new InetSocketAddress("127.0.0.1", port),
          new LoadShape(Transport.H2, Mode.UNARY, 1, 4, 100), Duration.ofMillis(200),
          Duration.ofSeconds(1), null);
      assertThat(r.line()).contains("errors=0").containsPattern(" count=[1-9]\\d* ");
    } finally {
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
    }
  }
}
