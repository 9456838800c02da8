package dev.sluice.channel;

import dev.sluice.Ticker;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clock and timer of a channel's connection management: reconnect backoff, connect
 * timeouts, Happy Eyeballs, resolver retries and idle mode all read time and schedule through
 * it, so tests can run them on a virtual clock (see {@code Channel.Builder.timeSource}).
 *
 * <p>Scheduled tasks run on the time source's own thread and must not block; the channel hops
 * them onto its {@link SynchronizationContext}. Thread-safe.
 */
public interface TimeSource extends Ticker {

  /** A task that may still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Stops the task if it has not started; no effect afterwards. */
    void cancel();
  }

  /**
   * Runs {@code task} once, {@code delay} from now (at once for a delay of zero or less).
   *
   * @param task what to run
   * @param delay how long from now
   * @param unit the unit of {@code delay}
   * @return a handle that cancels the task if it has not run
   */
  Cancellable schedule(Runnable task, long delay, TimeUnit unit);

  /**
   * The JVM's monotonic clock, with timers on {@code scheduler}.
   *
   * @param scheduler runs the timers
   * @return the time source
   */
  static TimeSource system(ScheduledExecutorService scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return new TimeSource() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> f = scheduler.schedule(task, delay, unit);
        return () -> f.cancel(false);
      }
    };
  }
}
