package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import dev.sluice.bench.harness.IdleStreams;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.bench.harness.ProbeServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A few hundred idle streams (more than Sluice's default limit of 100, so the benchmark's raised
 * limit is in force) against the Sluice server: all are answered and the line is well formed.
 * The heap figures are not checked: with client and server in one JVM they mean little.
 */
class SluiceIdleStreamsSmokeTest {

  private static final String LINE = "result impl=sluice scenario=idle_streams transport=h2 "
      + "streams=300 open_s=\\d+\\.\\d\\d client_heap_bytes_per_stream=-?\\d+ "
      + "server_heap_bytes_per_stream=-?\\d+ client_heap_before=\\d+ client_heap_after=\\d+ "
      + "server_heap_before=\\d+ server_heap_after=\\d+";

  @Test
  void run_threeHundredStreams_allAnsweredAndLineWellFormed() throws Exception {
    Server server = SluiceBenchServer.start(0);
    try (ProbeServer probe = ProbeServer.start(0);
        ProbeClient serverProbe = ProbeClient.connect(probe.port())) {
      int port = Integer.parseInt(server.addresses().get(0).replaceAll(".*:", ""));
      IdleStreams.Result r = SluiceIdleStreams.run(new InetSocketAddress("127.0.0.1", port), 300,
          serverProbe, Duration.ofSeconds(30));
      assertThat(r.line()).matches(LINE);
    } finally {
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
    }
  }
}
