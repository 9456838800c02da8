package dev.sluice.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One of the grpc-java peer's programs (module services/grpc-java-peer, on grpc-java 1.85.1 and
 * its Netty 4.1) in a process of its own, its output read line by line as it comes.
 */
public final class GrpcJavaPeer implements AutoCloseable {

  private static final String EOF = "\u0000eof";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private GrpcJavaPeer(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("reader failed: " + e);
      }
      lines.add(EOF);
    }, "grpc-java-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} ({@code ServicesProbe} or {@code ServicesServer} of package
   * {@code dev.sluice.services.peer}) with {@code args}.
   *
   * @param peerDir the peer module's {@code target} directory
   */
  public static GrpcJavaPeer start(Path peerDir, String mainClass, String... args)
      throws IOException {
    Path cpFile = peerDir.resolve("classpath.txt");
    if (!Files.exists(cpFile)) {
      throw new IllegalStateException("Missing " + cpFile + ": build services/grpc-java-peer "
          + "first (mvn -pl services/grpc-java-peer install)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(peerDir.resolve("classes") + java.io.File.pathSeparator
        + Files.readString(cpFile).trim());
    cmd.add("dev.sluice.services.peer." + mainClass);
    cmd.addAll(List.of(args));
    return new GrpcJavaPeer(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /** The peer module's target directory, as the build passes it to the tests. */
  public static Path defaultDir() {
    return Path.of(System.getProperty("sluice.servicesPeer", "grpc-java-peer/target"));
  }

  /**
   * Waits for the line {@code key=value} and returns the value; fails with everything the peer
   * printed if it ends or {@code timeout} passes first.
   */
  public String await(String key, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    for (String line : seen) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1);
      }
    }
    while (true) {
      long left = end - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError("The grpc-java peer printed no " + key + "= line"
            + (line == null ? " within " + timeout : " before it ended") + "; its output:\n"
            + String.join("\n", seen));
      }
      seen.add(line);
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1);
      }
    }
  }

  /** Waits for the process to end; its exit status. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The grpc-java peer did not end within " + timeout);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
