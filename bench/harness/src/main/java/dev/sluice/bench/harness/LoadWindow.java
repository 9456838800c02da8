package dev.sluice.bench.harness;

import java.io.IOException;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The measured part of a closed-loop run, the same for every client: with the loops already
 * running, wait out the warm-up, then measure for the duration. The allocation counters (this
 * JVM's, and the server's through its probe when there is one) are read right before the
 * window opens and right after it closes, so calls per window and bytes per window cover the
 * same span to within one probe round trip at each edge.
 */
public final class LoadWindow {

  /**
   * What the window saw.
   *
   * @param seconds the window's length as measured
   * @param calls round trips completed in the window
   * @param latency their latencies, nanoseconds
   * @param errors calls that failed in the window
   * @param localAllocatedBytes bytes this JVM allocated in the window
   * @param serverAllocatedBytes bytes the server's JVM allocated in the window, or -1 without a
   *     probe
   */
  public record Result(double seconds, long calls, Histogram latency,
      long errors, long localAllocatedBytes, long serverAllocatedBytes) {

    /** Completed round trips per second. */
    public double qps() {
      return calls / seconds;
    }

    /** A latency percentile in microseconds. */
    public double micros(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  private LoadWindow() {}

  /**
   * Measures a run whose loops are running on {@code state}.
   *
   * @param local this JVM's counter
   * @param server the server's probe, or null when the server is in this JVM or not probed
   */
  public static Result measure(LoadState state, Duration warmup, Duration duration,
      AllocationCounter local, ProbeClient server) throws InterruptedException, IOException {
    Thread.sleep(warmup.toMillis());
    long localBefore = local.allocatedBytes();
    long serverBefore = server == null ? 0 : server.allocatedBytes();
    state.takeInterval(); // drops the warm-up
    long errorsBefore = state.errors();
    long start = System.nanoTime();

    Thread.sleep(duration.toMillis());

    Histogram latency = state.takeInterval();
    double seconds = (System.nanoTime() - start) / 1e9;
    long errors = state.errors() - errorsBefore;
    long localAfter = local.allocatedBytes();
    long serverAfter = server == null ? 0 : server.allocatedBytes();
    return new Result(seconds, latency.getTotalCount(), latency, errors,
        localAfter - localBefore, server == null ? -1 : serverAfter - serverBefore);
  }
}
