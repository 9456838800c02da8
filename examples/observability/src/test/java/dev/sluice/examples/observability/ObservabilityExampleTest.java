package dev.sluice.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example end to end: server and client with SDKs of their own, calls over HTTP/2, and both
 * Prometheus endpoints scraped over HTTP as Prometheus would, finding the A66 metrics by their
 * Prometheus names with the right attributes and counts; and the spans of both processes, joined
 * into one trace by the W3C headers.
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

  @Test
  void example_callsMade_serverSpansJoinTheClientsTrace() throws Exception {
    int grpcPort = freePort();
    String target = "dns:///" + ObservabilityDemo.HOST + ":" + grpcPort;
    // Each SDK exports to its own exporter, as two processes would.
    InMemorySpanExporter serverSpans = InMemorySpanExporter.create();
    InMemorySpanExporter clientSpans = InMemorySpanExporter.create();
    try (Telemetry serverTelemetry =
            Telemetry.start("greeter-server", ObservabilityDemo.HOST, freePort(), serverSpans);
        Telemetry clientTelemetry =
            Telemetry.start("greeter-client", ObservabilityDemo.HOST, freePort(), clientSpans);
        Server server = ObservabilityServer.start(ObservabilityDemo.HOST, grpcPort,
            serverTelemetry.openTelemetry());
        ObservabilityClient client =
            new ObservabilityClient(target, clientTelemetry.openTelemetry())) {

      assertThat(client.greetAll("Ada", "Grace", "", "Edsger")).isEqualTo(3);

      List<SpanData> onClient = clientSpans.getFinishedSpanItems();
      SpanData greetAll = only(onClient, "greet-all");
      String traceId = greetAll.getTraceId();
      List<SpanData> sent = named(onClient, "Sent.observability.Greeter.SayHello");
      List<SpanData> attempts = named(onClient, "Attempt.observability.Greeter.SayHello");
      assertThat(sent).hasSize(4).allSatisfy(s -> {
        assertThat(s.getTraceId()).isEqualTo(traceId);
        assertThat(s.getParentSpanId()).isEqualTo(greetAll.getSpanId());
      });
      Set<String> sentIds = ids(sent);
      assertThat(attempts).hasSize(4).allSatisfy(a -> {
        assertThat(a.getTraceId()).isEqualTo(traceId);
        assertThat(a.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(sentIds).contains(a.getParentSpanId());
      });
      assertThat(attempts.stream().map(SpanData::getParentSpanId).distinct()).hasSize(4);

      // The server ends its span as the trailers go out, which can be just after the client
      // has them: wait for the fourth.
      List<SpanData> recv = awaitSpans(serverSpans, "Recv.observability.Greeter.SayHello", 4);
      Set<String> attemptIds = ids(attempts);
      assertThat(recv).allSatisfy(r -> {
        assertThat(r.getTraceId()).isEqualTo(traceId);
        assertThat(r.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(r.getParentSpanContext().isRemote()).isTrue();
        assertThat(attemptIds).contains(r.getParentSpanId());
      });
      assertThat(recv.stream().map(SpanData::getParentSpanId).distinct()).hasSize(4);
      assertThat(recv.stream().filter(r -> r.getStatus().getStatusCode() == StatusCode.ERROR))
          .singleElement()
          .satisfies(r -> assertThat(r.getStatus().getDescription())
              .startsWith("INVALID_ARGUMENT"));
    }
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> found = named(spans, name);
    assertThat(found).as(name + " in " + spans).hasSize(1);
    return found.get(0);
  }

  private static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static Set<String> ids(List<SpanData> spans) {
    return spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
  }

  private static List<SpanData> awaitSpans(InMemorySpanExporter exporter, String name, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      List<SpanData> found = named(exporter.getFinishedSpanItems(), name);
      if (found.size() >= count) {
        assertThat(found).hasSize(count);
        return found;
      }
      assertThat(System.nanoTime() - deadline).as("waiting for " + count + " " + name + " spans")
          .isNegative();
      Thread.sleep(10); // the exporter has no way to wait on; not a timing assumption
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
