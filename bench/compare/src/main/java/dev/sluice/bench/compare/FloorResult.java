package dev.sluice.bench.compare;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one floor client run measured: the exchanges completed in the measured window and their
 * round trips (nanoseconds); the errors of the whole run, warm-up and drain included, and the
 * first one's cause (null when there was none).
 */
record FloorResult(FloorMode mode, int outstanding, int size, double seconds,
    Histogram histogram, long errors, Throwable firstError) {

  /** Exchanges completed in the window. */
  long count() {
    return histogram.getTotalCount();
  }

  /** Exchanges completed per second. */
  double qps() {
    return count() / seconds;
  }

  /** The round trip at {@code percentile}, in microseconds. */
  double micros(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * Payload per direction in MB/s (10^6 bytes): completed exchanges times {@code size}, as the
   * gRPC scenarios count payload and not their framing (here, the ping-pong length prefix).
   */
  double mbps() {
    return count() * (double) size / seconds / 1e6;
  }

  /** The one parseable line, always printed last. */
  String line() {
    return String.format(Locale.ROOT,
        "result impl=netty mode=%s outstanding=%d size=%d duration_s=%.2f count=%d qps=%.1f "
            + "p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f mbps=%.1f "
            + "errors=%d",
        mode.flagName(), outstanding, size, seconds, count(), qps(), micros(50), micros(90),
        micros(99), micros(99.9), histogram.getMaxValue() / 1000.0, mbps(), errors);
  }
}
