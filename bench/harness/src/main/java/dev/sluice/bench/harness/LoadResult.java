package dev.sluice.bench.harness;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * One closed-loop run's outcome, and the line bench/bin/compare reads from it:
 *
 * <pre>
 * result impl=sluice transport=h2 mode=unary channels=1 outstanding=64 payload=0 duration_s=5.00
 *     count=... qps=... p50_us=... p90_us=... p99_us=... p999_us=... max_us=... errors=0
 *     client_alloc_bytes_per_call=... server_alloc_bytes_per_call=...
 * </pre>
 *
 * (one line). Over HTTP/2, {@code client_alloc_bytes_per_call} is what the client's JVM
 * allocated in the window over the calls completed, and {@code server_alloc_bytes_per_call} the
 * same for the server's JVM, present only when the client read it through the server's probe.
 * In process, both sides share a JVM and the line has {@code alloc_bytes_per_call} instead. With
 * no completed call the allocation fields are left out.
 *
 * @param impl the client's library, {@code sluice} or {@code grpc-java}
 */
public record LoadResult(String impl, LoadShape shape, LoadWindow.Result window) {

  public LoadResult {
    Objects.requireNonNull(impl, "impl");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(window, "window");
  }

  /** The result line (no line break). */
  public String line() {
    LoadWindow.Result w = window;
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "result impl=%s transport=%s mode=%s channels=%d outstanding=%d payload=%d "
            + "duration_s=%.2f count=%d qps=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f "
            + "p999_us=%.1f max_us=%.1f errors=%d",
        impl, shape.transport().label(), shape.mode().label(), shape.channels(),
        shape.outstanding(), shape.payload(), w.seconds(), w.calls(), w.qps(), w.micros(50),
        w.micros(90), w.micros(99), w.micros(99.9), w.latency().getMaxValue() / 1000.0,
        w.errors()));
    if (w.calls() > 0) {
      String local = shape.transport() == LoadShape.Transport.INPROC
          ? "alloc_bytes_per_call" : "client_alloc_bytes_per_call";
      b.append(perCall(local, w.localAllocatedBytes(), w.calls()));
      if (w.serverAllocatedBytes() >= 0) {
        b.append(perCall("server_alloc_bytes_per_call", w.serverAllocatedBytes(), w.calls()));
      }
    }
    return b.toString();
  }

  private static String perCall(String name, long bytes, long calls) {
    return String.format(Locale.ROOT, " %s=%.0f", name, (double) bytes / calls);
  }

  /** A few human-readable lines in the style of grpc-java's AsyncClient, then the result line. */
  public void print(PrintStream out) {
    out.printf(Locale.ROOT, "Transport:                      %s%n", shape.transport().label());
    out.printf(Locale.ROOT, "Channels:                       %d%n", shape.channels());
    out.printf(Locale.ROOT, "Outstanding RPCs per Channel:   %d%n", shape.outstanding());
    out.printf(Locale.ROOT, "Payload Size (each way):        %d%n", shape.payload());
    out.printf(Locale.ROOT, "50%%ile Latency (in micros):     %.0f%n", window.micros(50));
    out.printf(Locale.ROOT, "99%%ile Latency (in micros):     %.0f%n", window.micros(99));
    out.printf(Locale.ROOT, "99.9%%ile Latency (in micros):   %.0f%n", window.micros(99.9));
    out.printf(Locale.ROOT, "QPS:                            %.0f%n", window.qps());
    out.println(line());
  }
}
