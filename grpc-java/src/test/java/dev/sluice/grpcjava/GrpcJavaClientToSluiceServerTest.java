package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.testing.integration.TestServiceImpl;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grpc-java's interop client, in its own JVM on grpc-java's own Netty transport, against
 * grpc-java's {@code TestServiceImpl} served by a {@link SluiceServerBuilder} server in this JVM,
 * plaintext and TLS: each interop case is one run of grpc-java's client, which exits 0 only when
 * the case passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcJavaClientToSluiceServerTest {

  /**
   * The interop cases. The two client-compression cases run in the variants grpc-java's client
   * offers for servers that do not check {@code expect_compressed} (no probe), because the
   * service here is grpc-java's {@code TestServiceImpl}, which does not check it: grpc-java's
   * client fails the probing variants against grpc-java's own server the same way.
   */
  static final List<String> CASES = List.of("empty_unary", "large_unary",
      "client_compressed_unary_noprobe", "server_compressed_unary", "client_streaming",
      "client_compressed_streaming_noprobe", "server_compressed_streaming", "server_streaming",
      "ping_pong", "empty_stream", "cancel_after_begin", "cancel_after_first_response",
      "timeout_on_sleeping_server", "custom_metadata", "status_code_and_message",
      "special_status_message", "unimplemented_method", "unimplemented_service",
      "very_large_request", "rpc_soak", "channel_soak");

  private ScheduledExecutorService serviceExecutor;
  private Server plaintext;
  private Server tls;

  @BeforeAll
  void startServers() throws Exception {
    serviceExecutor = Executors.newScheduledThreadPool(2);
    plaintext = server(false);
    tls = server(true);
  }

  private Server server(boolean useTls) throws Exception {
    SluiceServerBuilder b = SluiceServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(16 << 20)
        .addService(ServerInterceptors.intercept(new TestServiceImpl(serviceExecutor),
            TestServiceImpl.interceptors()));
    if (useTls) {
      try (InputStream cert = resource("server1.pem"); InputStream key = resource("server1.key")) {
        b.useTransportSecurity(cert, key);
      }
    }
    return b.build().start();
  }

  private static InputStream resource(String name) {
    return GrpcJavaClientToSluiceServerTest.class.getResourceAsStream("certs/" + name);
  }

  @AfterAll
  void stopServers() throws Exception {
    for (Server s : new Server[] {plaintext, tls}) {
      if (s != null) {
        s.shutdownNow();
        assertThat(s.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
    serviceExecutor.shutdownNow();
  }

  static List<String> cases() {
    return CASES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void grpcJavaClient_plaintextCase_passes(String testCase) throws Exception {
    runClient(plaintext.getPort(), false, testCase);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void grpcJavaClient_tlsCase_passes(String testCase) throws Exception {
    runClient(tls.getPort(), true, testCase);
  }

  private static void runClient(int port, boolean useTls, String testCase) throws Exception {
    List<String> args = new ArrayList<>(List.of("--server_host=localhost",
        "--server_port=" + port, "--use_tls=" + useTls, "--test_case=" + testCase,
        "--soak_iterations=10",
        // A cold JVM on a busy machine: slow iterations are allowed, errors are not.
        "--soak_per_iteration_max_acceptable_latency_ms=10000"));
    if (useTls) {
      args.add("--use_test_ca=true");
      args.add("--server_host_override=foo.test.google.fr");
    }
    try (GrpcJavaPeer client = GrpcJavaPeer.start(GrpcJavaPeer.CLIENT, args)) {
      int exit = client.awaitExit(Duration.ofSeconds(180));
      assertThat(exit).as("grpc-java's client for %s exited with %d:%n%s", testCase, exit,
          client.output()).isZero();
    }
  }
}
