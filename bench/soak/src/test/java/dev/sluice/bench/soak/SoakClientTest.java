package dev.sluice.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.bench.harness.ProbeServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A soak in miniature, server, probe and client in this JVM (so "server" and "client" figures
 * are the same JVM's): every call and every ping answered, every stream ended, a sample line per
 * interval, a verdict per series, and the result line.
 */
class SoakClientTest {

  @Test
  void run_smallSoak_answersEverythingAndPrintsSamplesChecksAndResult() throws Exception {
    Server server = SoakServer.start(0);
    String address = server.addresses().get(0);
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int status;
    try (ProbeServer probe = ProbeServer.start(0);
        ProbeClient probeClient = ProbeClient.connect(probe.port())) {
      SoakClient.Settings settings = new SoakClient.Settings(
          new InetSocketAddress("127.0.0.1", port), 2_000, 50, Duration.ofSeconds(4),
          Duration.ofMillis(500), Duration.ofMillis(250), 8, 100, Duration.ofMillis(500),
          new GrowthCheck(0.10, 4 << 20));
      status = new SoakClient(settings, probeClient,
          new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    } finally {
      server.shutdownNow();
    }
    List<String> lines = Arrays.asList(printed.toString(StandardCharsets.UTF_8).split("\n"));

    assertThat(lines.stream().filter(l -> l.startsWith("t="))).hasSizeGreaterThanOrEqualTo(
        GrowthCheck.MIN_SAMPLES);
    assertThat(lines.stream().filter(l -> l.startsWith("check series=")))
        .extracting(l -> l.split(" ")[1])
        .containsExactly("series=heap_after_gc", "series=direct", "series=client_heap_after_gc",
            "series=client_direct");
    String result = lines.get(lines.size() - 1);
    assertThat(result).startsWith("result ").contains(" calls=2000 ", " calls_failed=0 ",
        " streams=50 ", " stream_failures=0 ", "verdict=PASS");
    assertThat(field(result, "pings_answered")).isEqualTo(field(result, "pings_sent"))
        .isGreaterThan(50);
    assertThat(status).isZero();
  }

  private static long field(String line, String key) {
    for (String part : line.split(" ")) {
      if (part.startsWith(key + "=")) {
        return Long.parseLong(part.substring(key.length() + 1));
      }
    }
    throw new AssertionError("no " + key + " in " + line);
  }
}
