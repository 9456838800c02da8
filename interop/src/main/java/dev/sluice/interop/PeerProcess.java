package dev.sluice.interop;

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

/** Another gRPC implementation's interop program, run as a separate process on loopback. */
final class PeerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private PeerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The class path of grpc-java's interop programs, written by the grpc-java-peer module. */
  static String grpcJavaClassPath() throws IOException {
    String file = System.getProperty("sluice.grpcJavaPeerClassPath",
        "interop/grpc-java-peer/target/classpath.txt");
    Path p = Path.of(file);
    if (!Files.exists(p)) {
      throw new IllegalStateException("Missing " + p + ": build interop/grpc-java-peer first "
          + "(mvn -pl interop/grpc-java-peer install)");
    }
    return Files.readString(p).trim();
  }

  /** Starts {@code java -cp <grpc-java> mainClass args...}. */
  static PeerProcess startGrpcJava(String mainClass, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(grpcJavaClassPath());
    cmd.add(mainClass);
    cmd.addAll(args);
    return start(cmd);
  }

  static PeerProcess start(List<String> command) throws IOException {
    Path log = Files.createTempFile("sluice-peer", ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return new PeerProcess(p, log);
  }

  /** A port nothing listens on right now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until something accepts connections on {@code port}, or fails with the peer's log. */
  void awaitListening(int port, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Peer exited with " + process.exitValue() + ":\n" + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    throw new IllegalStateException("Peer did not listen on " + port + " within " + timeout
        + ":\n" + output());
  }

  /** Waits for the process to end; returns its exit code (-1 on timeout, after killing it). */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  /** Kills the process at once (SIGKILL on Unix: no shutdown hook runs) and waits for it. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Peer did not die within 30 s of SIGKILL");
    }
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
