package dev.sluice.examples.observability;

import dev.sluice.Server;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Runs the server and the client in one JVM, each with an SDK of its own as two processes would
 * have: the server's metrics at {@code http://127.0.0.1:9464/metrics}, the client's at {@code
 * :9465}. Makes a few calls, one of them failing, prints the {@code grpc_} lines of both
 * endpoints, and with {@code --serve} keeps both running for Prometheus (or curl) until killed.
 */
public final class ObservabilityDemo {

  static final String HOST = "127.0.0.1";

  private ObservabilityDemo() {}

  /** Arguments: {@code [--serve] [grpcPort serverMetricsPort clientMetricsPort]}. */
  public static void main(String[] args) throws Exception {
    boolean serve = args.length > 0 && args[0].equals("--serve");
    int first = serve ? 1 : 0;
    int grpcPort = args.length > first ? Integer.parseInt(args[first]) : 50051;
    int serverMetrics = args.length > first + 1 ? Integer.parseInt(args[first + 1]) : 9464;
    int clientMetrics = args.length > first + 2 ? Integer.parseInt(args[first + 2]) : 9465;

    try (Telemetry serverTelemetry = Telemetry.start("greeter-server", HOST, serverMetrics);
        Telemetry clientTelemetry = Telemetry.start("greeter-client", HOST, clientMetrics);
        Server server = ObservabilityServer.start(HOST, grpcPort,
            serverTelemetry.openTelemetry());
        ObservabilityClient client = new ObservabilityClient("dns:///" + HOST + ":" + grpcPort,
            clientTelemetry.openTelemetry())) {
      client.greetAll("Ada", "Grace", "", "Edsger");
      printGrpcLines("server", serverTelemetry.metricsUrl());
      printGrpcLines("client", clientTelemetry.metricsUrl());
      if (serve) {
        System.out.println("Serving; scrape " + serverTelemetry.metricsUrl() + " and "
            + clientTelemetry.metricsUrl() + ". Ctrl-C to stop.");
        Thread.currentThread().join();
      }
    }
  }

  /** Fetches the endpoint, as Prometheus would, and prints its lines about gRPC. */
  static void printGrpcLines(String who, String url) throws IOException, InterruptedException {
    System.out.println("--- " + who + " metrics, " + url);
    for (String line : scrape(url).split("\n")) {
      if (line.startsWith("grpc_") && !line.contains("_bucket{")) {
        System.out.println(line);
      }
    }
  }

  /** The text the endpoint serves. */
  static String scrape(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<InputStream> response = http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered HTTP " + response.statusCode());
    }
    try (InputStream body = response.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
