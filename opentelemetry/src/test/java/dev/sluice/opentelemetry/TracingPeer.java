package dev.sluice.opentelemetry;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The grpc-java peer (module opentelemetry/grpc-java-peer: grpc-java 1.85.1 with its own
 * grpc-opentelemetry and OpenTelemetry SDK, on its own Netty) in a process of its own. It prints
 * {@code listening=PORT} and a {@code span ...} line for every span it ends; this reads them as
 * they come.
 */
final class TracingPeer implements AutoCloseable {

  /** One span as the peer printed it. */
  record PeerSpan(String name, String traceId, String spanId, String parentId, String status) {
    static PeerSpan parse(String line) {
      Map<String, String> f = new HashMap<>();
      for (String part : line.substring("span ".length()).split(" ")) {
        int eq = part.indexOf('=');
        f.put(part.substring(0, eq), part.substring(eq + 1));
      }
      return new PeerSpan(f.get("name"), f.get("trace"), f.get("id"), f.get("parent"),
          f.get("status"));
    }
  }

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private TracingPeer(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        synchronized (lines) {
          lines.add("reader failed: " + e);
        }
      }
      synchronized (lines) {
        ended = true;
        lines.notifyAll();
      }
    }, "otel-grpc-java-peer-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code TracedChainServer}, which calls the leaf at {@code leafAddress}. */
  static TracingPeer start(String leafAddress) throws IOException {
    Path dir = Path.of(System.getProperty("sluice.otelPeer", "grpc-java-peer/target"));
    Path cpFile = dir.resolve("classpath.txt");
    if (!Files.exists(cpFile)) {
      throw new IllegalStateException("Missing " + cpFile + ": build opentelemetry/"
          + "grpc-java-peer first (mvn -pl opentelemetry/grpc-java-peer install)");
    }
    List<String> cmd = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", dir.resolve("classes") + File.pathSeparator + Files.readString(cpFile).trim(),
        "dev.sluice.opentelemetry.peer.TracedChainServer", leafAddress);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // grpc-java's OpenTelemetry module traces only with this flag (read once, at class load).
    pb.environment().put("GRPC_EXPERIMENTAL_ENABLE_OTEL_TRACING", "true");
    return new TracingPeer(pb.start());
  }

  /** The port from the {@code listening=} line. */
  int awaitPort(Duration timeout) throws InterruptedException {
    String line = awaitLine(l -> l.startsWith("listening="), 1, timeout).get(0);
    return Integer.parseInt(line.substring("listening=".length()));
  }

  /** Waits until the peer printed {@code count} spans matching {@code which}. */
  List<PeerSpan> awaitSpans(Predicate<PeerSpan> which, int count, Duration timeout)
      throws InterruptedException {
    return awaitLine(l -> l.startsWith("span ") && which.test(PeerSpan.parse(l)), count, timeout)
        .stream().map(PeerSpan::parse).toList();
  }

  private List<String> awaitLine(Predicate<String> which, int count, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        List<String> found = lines.stream().filter(which).toList();
        if (found.size() >= count) {
          return found;
        }
        long left = end - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError("The grpc-java peer printed " + found.size() + " of "
              + count + " lines wanted " + (ended ? "before it ended" : "within " + timeout)
              + "; its output:\n" + String.join("\n", lines));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
