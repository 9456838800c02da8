package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against the Sluice server for a second: it works and prints its line. Nothing is timed. */
class SluiceBenchSmokeTest {

  private static final String LINE = "result impl=sluice mode=(unary|streaming) channels=1 "
      + "outstanding=4 payload=100 duration_s=\\d+\\.\\d\\d count=[1-9]\\d* qps=\\d+\\.\\d "
      + "p50_us=\\d+\\.\\d p90_us=\\d+\\.\\d p99_us=\\d+\\.\\d p999_us=\\d+\\.\\d max_us=\\d+\\.\\d "
      + "errors=0";

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void printsAWellFormedResultLine(boolean streaming) throws Exception {
    Server server = SluiceBenchServer.start(0);
    try {
      int port = Integer.parseInt(server.addresses().get(0).replaceAll(".*:", ""));
      SluiceBenchClient.Result r = SluiceBenchClient.run(new InetSocketAddress("127.0.0.1", port),
          1, 4, 100, streaming, Duration.ofMillis(200), Duration.ofSeconds(1));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      SluiceBenchClient.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines[lines.length - 1]).matches(LINE);
    } finally {
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
    }
  }
}
