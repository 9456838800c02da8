package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sluice against the gRPC C core, through Debian's {@code python3-grpcio} (interop/python),
 * in a separate process, both directions, plaintext and TLS. CI installs the Debian packages;
 * where they are missing the test is skipped with that reason, never passed.
 */
class PythonPeerTest {

  private static final String PYTHON = "/usr/bin/python3";
  private static final List<String> CASES = List.of("empty_unary", "large_unary",
      "client_streaming", "server_streaming", "ping_pong", "empty_stream", "custom_metadata",
      "status_code_and_message", "special_status_message", "unimplemented_method",
      "unimplemented_service", "cancel_after_begin", "cancel_after_first_response",
      "timeout_on_sleeping_server", "very_large_request");

  private static Path protos;
  private static Path scripts;
  private static Path certs;

  @BeforeAll
  static void needPython() throws Exception {
    Assumptions.assumeTrue(new File(PYTHON).canExecute(), PYTHON + " is not installed");
    Process p = new ProcessBuilder(PYTHON, "-c", "import grpc, grpc_tools, google.protobuf")
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        "python3-grpcio, python3-grpc-tools and python3-protobuf are not installed "
            + "(apt-get install python3-grpcio python3-grpc-tools python3-protobuf)");
    protos = Path.of(System.getProperty("sluice.interopProtos", "target/interop-protos"));
    scripts = Path.of(System.getProperty("sluice.pythonPeer", "python"));
    certs = Path.of(System.getProperty("sluice.interopCerts",
        "target/classes/dev/sluice/interop/certs"));
    assertThat(protos.resolve("grpc/testing/test.proto")).exists();
  }

  private List<String> python(String script, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, scripts.resolve(script).toString(),
        "--proto_dir=" + protos));
    cmd.addAll(args);
    return cmd;
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void sluiceClient_cCoreServer_allCasesPass(boolean tls) throws Exception {
    int port = PeerProcess.freePort();
    List<String> args = new ArrayList<>(List.of("--port=" + port, "--use_tls=" + tls));
    if (tls) {
      args.add("--cert_file=" + certs.resolve("server1.pem"));
      args.add("--key_file=" + certs.resolve("server1.key"));
    }
    try (PeerProcess server = PeerProcess.start(python("interop_server.py", args))) {
      server.awaitListening(port, Duration.ofSeconds(60));
      int failures = InteropClient.run("localhost", port, tls, true, "foo.test.google.fr",
          String.join(",", CASES), 3);
      assertThat(failures).as("failed cases (see PASS/FAIL lines above)").isZero();
    }
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void cCoreClient_sluiceServer_allCasesPass(boolean tls) throws Exception {
    Server server = InteropServer.start(0, tls);
    String address = server.addresses().get(0);
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    try {
      List<String> args = new ArrayList<>(List.of("--server_host=localhost",
          "--server_port=" + port, "--use_tls=" + tls, "--test_case=" + String.join(",", CASES)));
      if (tls) {
        args.add("--use_test_ca=true");
        args.add("--ca_file=" + certs.resolve("ca.pem"));
        args.add("--server_host_override=foo.test.google.fr");
      }
      try (PeerProcess client = PeerProcess.start(python("interop_client.py", args))) {
        int exit = client.awaitExit(Duration.ofSeconds(300));
        assertThat(exit).as("C-core client output:\n%s", client.output()).isZero();
      }
    } finally {
      server.close();
    }
  }
}
