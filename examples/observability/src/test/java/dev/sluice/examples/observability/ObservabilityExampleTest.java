package dev.sluice.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example end to end: server and client with SDKs of their own, calls over HTTP/2, and both
 * Prometheus endpoints scraped over HTTP as Prometheus would, finding the A66 metrics by their
 * Prometheus names with the right attributes and counts.
 */
class ObservabilityExampleTest {

  private static final String METHOD = "grpc_method=\"observability.Greeter/SayHello\"";

  @Test
  void example_callsMade_prometheusEndpointsServeA66Metrics() throws Exception {
    int grpcPort = freePort();
    String target = "dns:///" + ObservabilityDemo.HOST + ":" + grpcPort;
    String targetLabel = "grpc_target=\"" + target + "\"";
    try (Telemetry serverTelemetry =
            Telemetry.start("greeter-server", ObservabilityDemo.HOST, freePort());
        Telemetry clientTelemetry =
            Telemetry.start("greeter-client", ObservabilityDemo.HOST, freePort());
        Server server = ObservabilityServer.start(ObservabilityDemo.HOST, grpcPort,
            serverTelemetry.openTelemetry());
        ObservabilityClient client =
            new ObservabilityClient(target, clientTelemetry.openTelemetry())) {

      assertThat(client.greetAll("Ada", "Grace", "", "Edsger")).isEqualTo(3);

      List<String> clientLines = lines(clientTelemetry.metricsUrl());
      assertThat(sample(clientLines, "grpc_client_attempt_started_total{", METHOD, targetLabel))
          .isEqualTo(4);
      assertThat(sample(clientLines, "grpc_client_call_duration_seconds_count{", METHOD,
          targetLabel, "grpc_status=\"OK\"")).isEqualTo(3);
      assertThat(sample(clientLines, "grpc_client_call_duration_seconds_count{", METHOD,
          targetLabel, "grpc_status=\"INVALID_ARGUMENT\"")).isEqualTo(1);
      assertThat(sample(clientLines, "grpc_client_attempt_duration_seconds_bucket{", METHOD,
          targetLabel, "grpc_status=\"OK\"", "le=\"+Inf\"")).isEqualTo(3);
      assertThat(sample(clientLines,
          "grpc_client_attempt_sent_total_compressed_message_size_bytes_count{", METHOD,
          targetLabel, "grpc_status=\"OK\"")).isEqualTo(3);
      assertThat(sample(clientLines,
          "grpc_client_attempt_rcvd_total_compressed_message_size_bytes_count{", METHOD,
          targetLabel, "grpc_status=\"OK\"")).isEqualTo(3);

      // The server records a call's end as its trailers go out, which can be just after the
      // client has them: scrape until the fourth call is there.
      List<String> serverLines = awaitServerCalls(serverTelemetry.metricsUrl(), 4);
      assertThat(sample(serverLines, "grpc_server_call_started_total{", METHOD)).isEqualTo(4);
      assertThat(sample(serverLines, "grpc_server_call_duration_seconds_bucket{", METHOD,
          "grpc_status=\"OK\"", "le=\"+Inf\"")).isEqualTo(3);
      assertThat(sample(serverLines, "grpc_server_call_duration_seconds_bucket{", METHOD,
          "grpc_status=\"INVALID_ARGUMENT\"", "le=\"+Inf\"")).isEqualTo(1);
      // A66's 41 latency boundaries (0, 10 us, 50 us, ... 100 s), as the instruments advise,
      // and +Inf.
      List<String> okBuckets = serverLines.stream()
          .filter(l -> l.startsWith("grpc_server_call_duration_seconds_bucket{"))
          .filter(l -> l.contains("grpc_status=\"OK\"")).toList();
      assertThat(okBuckets).hasSize(42);
      assertThat(okBuckets.get(1)).contains("le=\"1.0E-5\"");
      assertThat(okBuckets.get(40)).contains("le=\"100.0\"");
      assertThat(sample(serverLines,
          "grpc_server_call_rcvd_total_compressed_message_size_bytes_count{", METHOD,
          "grpc_status=\"OK\"")).isEqualTo(3);
      assertThat(serverLines).noneSatisfy(l -> assertThat(l).contains("grpc_target"));
    }
  }

  private static List<String> awaitServerCalls(String url, int calls) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      List<String> lines = lines(url);
      double ended = lines.stream()
          .filter(l -> l.startsWith("grpc_server_call_duration_seconds_count{"))
          .mapToDouble(ObservabilityExampleTest::value).sum();
      if (ended >= calls) {
        return lines;
      }
      assertThat(System.nanoTime() - deadline).as("waiting for " + calls + " server calls")
          .isNegative();
      Thread.sleep(10); // polling an HTTP endpoint that cannot tell us; not a timing assumption
    }
  }

  /** The value of the one sample whose line starts with {@code name} and has every label. */
  private static double sample(List<String> lines, String name, String... labels) {
    List<String> found = lines.stream().filter(l -> l.startsWith(name))
        .filter(l -> Arrays.stream(labels).allMatch(l::contains)).toList();
    assertThat(found).as(name + " with " + Arrays.toString(labels) + " in\n"
        + String.join("\n", lines)).hasSize(1);
    return value(found.get(0));
  }

  private static double value(String line) {
    String[] parts = line.substring(line.lastIndexOf('}') + 1).trim().split(" ");
    return Double.parseDouble(parts[0]);
  }

  private static List<String> lines(String url) throws Exception {
    return List.of(ObservabilityDemo.scrape(url).split("\n"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ObservabilityDemo.HOST))) {
      return s.getLocalPort();
    }
  }
}
