package dev.sluice.bench.compare;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a floor client's connection reports to the run that measures it: the round trip of every
 * completed exchange, and errors. The connection's event loop records; the measuring thread
 * reads intervals. Thread-safe.
 */
final class FloorStats {

  private final Recorder roundTrips = new Recorder(3);
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();

  /** One exchange completed, {@code nanos} after it was written. */
  void roundTrip(long nanos) {
    roundTrips.recordValue(nanos);
  }

  /** Something failed; the first cause is kept for the report. */
  void error(Throwable cause) {
    errors.incrementAndGet();
    firstError.compareAndSet(null, cause);
  }

  /** Errors so far. */
  long errors() {
    return errors.get();
  }

  /** The first error's cause, or null when there was none. */
  Throwable firstError() {
    return firstError.get();
  }

  /** The round trips recorded since the previous call (or since the start), in nanoseconds. */
  Histogram interval() {
    return roundTrips.getIntervalHistogram();
  }
}
