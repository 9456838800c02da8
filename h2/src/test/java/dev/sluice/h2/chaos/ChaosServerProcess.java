package dev.sluice.h2.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ChaosServerMain} in a JVM of its own, started from this JVM's class path, so that a test
 * can kill it the hard way ({@link #kill}: SIGKILL, as {@code kill -9}).
 */
final class ChaosServerProcess implements AutoCloseable {

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final List<String> output = new ArrayList<>();

  private ChaosServerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "chaos-server-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the server and waits (up to a minute) until it listens. */
  static ChaosServerProcess start() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    String leakLevel = System.getProperty("io.netty.leakDetection.level");
    if (leakLevel != null) {
      command.add("-Dio.netty.leakDetection.level=" + leakLevel);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChaosServerMain.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ChaosServerProcess server = new ChaosServerProcess(p);
    try {
      server.port.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      server.close();
      throw new IllegalStateException("The chaos server did not start: " + server.output(), e);
    }
    return server;
  }

  /** The loopback port it listens on. */
  int port() {
    return port.join();
  }

  /** Kills the server's JVM with SIGKILL and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The chaos server survived SIGKILL for 30 s");
    }
  }

  /** What the server printed so far. */
  synchronized String output() {
    return String.join("\n", output);
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (this) {
          output.add(line);
        }
        if (line.startsWith(ChaosServerMain.READY)) {
          port.complete(Integer.parseInt(line.substring(ChaosServerMain.READY.length()).trim()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IllegalStateException("The chaos server exited: " + output()));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
