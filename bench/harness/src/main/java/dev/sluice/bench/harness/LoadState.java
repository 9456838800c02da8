package dev.sluice.bench.harness;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The state one closed-loop run shares between its loops and the thread that measures it: the
 * latency recorder, the error count, and the stop signal that each loop checks before starting
 * its next call. A loop is one call (or stream) in flight whose completion starts the next; the
 * library-specific part (how a call is made) lives in each side's client, this part is the same
 * for all of them.
 *
 * <p>Thread-safe: loops record from transport or executor threads while the measuring thread
 * takes interval histograms.
 */
public final class LoadState {

  /** Three significant digits of nanoseconds, as Sluice's client always recorded. */
  private final Recorder recorder = new Recorder(3);
  private final AtomicLong errors = new AtomicLong();
  private final CountDownLatch ended;
  private volatile boolean running = true;

  /** State for {@code loops} loops, each of which must call {@link #loopEnded()} once. */
  public LoadState(int loops) {
    this.ended = new CountDownLatch(loops);
  }

  /** Records one round trip that took {@code nanos}. */
  public void recordLatency(long nanos) {
    recorder.recordValue(nanos);
  }

  /** Counts one failed call. */
  public void recordError() {
    errors.incrementAndGet();
  }

  /** Whether loops should go on; false once {@link #stop} was called. */
  public boolean running() {
    return running;
  }

  /** A loop saw {@link #running()} false (or failed for good) and starts nothing more. */
  public void loopEnded() {
    ended.countDown();
  }

  /** Tells the loops to stop and waits up to {@code timeout} for all to end; true if they did. */
  public boolean stop(Duration timeout) throws InterruptedException {
    running = false;
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Failed calls so far. */
  public long errors() {
    return errors.get();
  }

  /** The round trips recorded since the last call (the first call: since the start). */
  Histogram takeInterval() {
    return recorder.getIntervalHistogram();
  }
}
