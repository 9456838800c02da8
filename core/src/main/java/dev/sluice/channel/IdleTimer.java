package dev.sluice.channel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Idle mode's timer (docs/channels.md, "Idle mode"): the channel enters idle mode once no call has
 * been in use for the idle timeout. Calls ending do not reschedule anything: each end records the
 * time and, when the last call ends with no timer pending, one is armed (on the ending thread, so
 * it exists before the call's result is seen); when the timer fires it either finds a call in use
 * (the next end re-arms it), finds a later end (it waits the rest), or sends the channel idle.
 */
final class IdleTimer {

  /** What the timer needs from the channel. */
  interface Host {
    /** Calls in use now. */
    int activeCalls();

    /** True when there is no point in timing (in idle mode, or shut down). */
    boolean idleOrShutdown();

    /** Enter idle mode (in the synchronization context). */
    void enterIdleMode();
  }

  private final long timeoutNanos;
  private final SynchronizationContext sync;
  private final TimeSource time;
  private final Host host;
  private final Object lock = new Object();
  private volatile long lastUseNanos;
  /** The pending timer; guarded by {@link #lock}. */
  private Pending pending;

  /** One scheduled firing; a stale one (cancelled or replaced) does nothing. */
  private final class Pending implements Runnable {
    TimeSource.Cancellable handle;

    @Override
    public void run() {
      sync.execute(() -> fire(this));
    }
  }

  /** @param timeout null (or 30 days and more) disables idle mode */
  IdleTimer(Duration timeout, SynchronizationContext sync, TimeSource time, Host host) {
    this.timeoutNanos = timeout == null || timeout.compareTo(Duration.ofDays(30)) >= 0
        ? 0 : timeout.toNanos();
    this.sync = sync;
    this.time = time;
    this.host = host;
  }

  /** Records activity now (a call ending, {@code getState(true)}). Any thread. */
  void touch() {
    if (timeoutNanos > 0) {
      lastUseNanos = time.nanoTime();
    }
  }

  /** Nothing is in use: arm the timer unless one is pending. Any thread. */
  void onUnused() {
    if (timeoutNanos == 0) {
      return;
    }
    synchronized (lock) {
      if (pending == null && !host.idleOrShutdown()) {
        schedule(lastUseNanos + timeoutNanos - time.nanoTime());
      }
    }
  }

  private void schedule(long delayNanos) {
    Pending p = new Pending();
    pending = p;
    p.handle = time.schedule(p, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  /** In the synchronization context. */
  private void fire(Pending p) {
    synchronized (lock) {
      if (pending != p) {
        return;
      }
      pending = null;
      if (host.activeCalls() > 0 || host.idleOrShutdown()) {
        return; // the last call to end arms it again
      }
      long wait = lastUseNanos + timeoutNanos - time.nanoTime();
      if (wait > 0) {
        schedule(wait);
        return;
      }
    }
    host.enterIdleMode();
  }

  /** Stops the pending timer, if any. Any thread. */
  void cancel() {
    synchronized (lock) {
      if (pending != null) {
        pending.handle.cancel();
        pending = null;
      }
    }
  }
}
