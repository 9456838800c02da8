package dev.sluice.grpcjava;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of grpc-java's own interop programs (its client or server, on grpc-java's own Netty
 * transport), run as a separate JVM from the class path the interop/grpc-java-peer module
 * resolves, so that none of it shares this JVM's class path.
 */
final class GrpcJavaPeer implements AutoCloseable {

  static final String SERVER = "io.grpc.testing.integration.TestServiceServer";
  static final String CLIENT = "io.grpc.testing.integration.TestServiceClient";

  private final Process process;
  private final Path log;

  private GrpcJavaPeer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static GrpcJavaPeer start(String mainClass, List<String> args) throws IOException {
    String file = System.getProperty("sluice.grpcJavaPeerClassPath",
        "../interop/grpc-java-peer/target/classpath.txt");
    Path cp = Path.of(file);
    if (!Files.exists(cp)) {
      throw new IllegalStateException("Missing " + cp + ": build interop/grpc-java-peer first "
          + "(mvn -pl interop/grpc-java-peer install)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(Files.readString(cp).trim());
    cmd.add(mainClass);
    cmd.addAll(args);
    Path log = Files.createTempFile("sluice-grpc-java-peer", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    return new GrpcJavaPeer(p, log);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until the peer accepts connections on {@code port}; fails with its output if not. */
  void awaitListening(int port, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Peer exited with " + process.exitValue() + ":\n"
            + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        // Polling a port another process opens: there is no event to wait on.
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    throw new IllegalStateException("Peer did not listen on " + port + " within " + timeout
        + ":\n" + output());
  }

  /** The exit code, or -1 after killing it when {@code timeout} passed first. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<no output: " + e + ">";
    }
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
