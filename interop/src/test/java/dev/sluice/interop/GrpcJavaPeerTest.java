package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sluice against grpc-java 1.79.0's interop programs in a separate process, both directions,
 * plaintext (h2c) and TLS: the first check that Sluice's HTTP/2 speaks gRPC to another stack.
 */
class GrpcJavaPeerTest {

  /** Cases that need nothing beyond the core protocol. */
  private static final List<String> CASES = List.of("empty_unary", "large_unary",
      "client_streaming", "server_streaming", "ping_pong", "empty_stream", "custom_metadata",
      "status_code_and_message", "special_status_message", "unimplemented_method",
      "unimplemented_service", "cancel_after_begin", "cancel_after_first_response",
      "timeout_on_sleeping_server");

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void sluiceClient_grpcJavaServer_allCasesPass(boolean tls) throws Exception {
    int port = PeerProcess.freePort();
    try (PeerProcess server = PeerProcess.startGrpcJava(
        "io.grpc.testing.integration.TestServiceServer",
        List.of("--port=" + port, "--use_tls=" + tls))) {
      server.awaitListening(port, Duration.ofSeconds(60));
      int failures = InteropClient.run("localhost", port, tls, true, "foo.test.google.fr",
          String.join(",", CASES) + ",very_large_request", 3);
      assertThat(failures).as("failed cases (see PASS/FAIL lines above)").isZero();
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void grpcJavaClient_sluiceServer_allCasesPass(boolean tls) throws Exception {
    Server server = InteropServer.start(0, tls);
    int port = portOf(server);
    try {
      StringBuilder failed = new StringBuilder();
      for (String testCase : CASES) {
        List<String> args = new java.util.ArrayList<>(List.of("--server_host=localhost",
            "--server_port=" + port, "--use_tls=" + tls, "--test_case=" + testCase));
        if (tls) {
          args.add("--use_test_ca=true");
          args.add("--server_host_override=foo.test.google.fr");
        }
        try (PeerProcess client = PeerProcess.startGrpcJava(
            "io.grpc.testing.integration.TestServiceClient", args)) {
          int exit = client.awaitExit(Duration.ofSeconds(120));
          if (exit != 0) {
            failed.append(testCase).append(" (exit ").append(exit).append("):\n")
                .append(client.output()).append('\n');
          }
        }
      }
      assertThat(failed.toString()).as("grpc-java client cases that failed").isEmpty();
    } finally {
      server.close();
    }
  }

  private static int portOf(Server server) {
    String a = server.addresses().get(0);
    return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
  }
}
