package dev.sluice.channel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Idle mode's timer (CHANNEL_SPEC §2.5): the channel enters idle mode once no call has been in
 * use for the idle timeout. Calls ending do not reschedule anything: each end records the time
 * and, when the last call ends with no timer pending, one is armed; when the timer fires it
 * either finds a call in use (the next end re-arms it), finds a later end (it waits the rest),
 * or sends the channel idle.
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
  private volatile long lastUseNanos;
  private volatile boolean armed;
  private TimeSource.Cancellable timer;

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

  /** The last call ended: arm the timer unless one is pending. Any thread. */
  void onUnused() {
    if (timeoutNanos > 0 && !armed) {
      sync.execute(this::arm);
    }
  }

  /** In the synchronization context. */
  void arm() {
    if (timeoutNanos == 0 || armed || host.idleOrShutdown()) {
      return;
    }
    armed = true;
    long due = lastUseNanos + timeoutNanos - time.nanoTime();
    timer = sync.schedule(this::fire, Math.max(0, due), TimeUnit.NANOSECONDS, time);
  }

  private void fire() {
    timer = null;
    armed = false;
    if (host.activeCalls() > 0 || host.idleOrShutdown()) {
      return; // the last call to end re-arms it
    }
    long wait = lastUseNanos + timeoutNanos - time.nanoTime();
    if (wait > 0) {
      armed = true;
      timer = sync.schedule(this::fire, wait, TimeUnit.NANOSECONDS, time);
      return;
    }
    host.enterIdleMode();
  }

  /** In the synchronization context. */
  void cancel() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    armed = false;
  }
}
