package io.grpc.testing.integration;

import dev.sluice.grpcjava.SluiceChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.grpc.ManagedChannelBuilder;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * grpc-java's interop suite with grpc-java's stubs on {@link SluiceChannelBuilder}, against
 * grpc-java's own interop server ({@code TestServiceServer}, on grpc-java's Netty transport) in a
 * separate JVM, plaintext. Cases that inspect the server's side of the call (its captured
 * headers, call and context) need the server in this JVM and are skipped by the suite itself
 * ({@code getServerBuilder()} is null here).
 */
@RunWith(JUnit4.class)
public class SluiceClientToGrpcJavaServerInteropTest extends AbstractInteropTest {

  private static Process server;
  private static Path log;
  private static int port;

  @BeforeClass
  public static void startGrpcJavaServer() throws Exception {
    String file = System.getProperty("sluice.grpcJavaPeerClassPath",
        "../interop/grpc-java-peer/target/classpath.txt");
    Path cp = Path.of(file);
    if (!Files.exists(cp)) {
      throw new IllegalStateException("Missing " + cp + ": build interop/grpc-java-peer first");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", Files.readString(cp).trim(), "io.grpc.testing.integration.TestServiceServer",
        "--port=" + port, "--use_tls=false"));
    log = Files.createTempFile("sluice-grpc-java-server", ".log");
    server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!server.isAlive()) {
        throw new IllegalStateException("grpc-java's server exited:\n" + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("grpc-java's server did not listen within 60 s:\n"
              + Files.readString(log));
        }
        // Polling a port another process opens: there is no event to wait on.
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  @AfterClass
  public static void stopGrpcJavaServer() throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    if (log != null) {
      Files.deleteIfExists(log);
    }
  }

  @Override
  protected ManagedChannelBuilder<?> createChannelBuilder() {
    return SluiceChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(AbstractInteropTest.MAX_MESSAGE_SIZE);
  }

  /** The suite's exact census figures come from grpc-core's own channel and server only. */
  @Override
  protected boolean metricsExpected() {
    return false;
  }
}
