package dev.sluice.channel;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.channel.AttemptRecord.Outcome;
import dev.sluice.config.RetryPolicy;
import java.util.concurrent.TimeUnit;

/**
 * One call's retry policy at work (gRFC A6): counts its attempts and decides,
 * when an uncommitted attempt fails, whether and when the next one starts. Guarded by the
 * owning {@link ChannelStream}'s lock.
 */
final class RetryState {

  /** Response trailer in which a server asks for a delay before the retry, or none. */
  static final String PUSHBACK_KEY = dev.sluice.RetryPushback.TRAILER_KEY;
  /** Request header of every attempt after the first: how many attempts came before. */
  static final String PREVIOUS_ATTEMPTS_KEY = "grpc-previous-rpc-attempts";

  private final RetryPolicy policy;
  private final ClientChannel channel;
  private final ChannelStream owner;
  /** Attempts that came before the current one (transparent retries not counted). */
  int previousAttempts;
  /** Retries since the call started or since the last pushback: the backoff's exponent. */
  private int backoffStep;
  /** What the last decision was, for {@link AttemptRecord}. */
  Outcome lastOutcome;
  /** How the call's last attempt ended, when it was not retried. */
  Outcome finalOutcome = Outcome.DELIVERED;
  /** Waiting for the backoff timer to start the next attempt. */
  boolean backingOff;
  TimeSource.Cancellable backoffTimer;
  /** Bytes this call counts in the channel's retry buffer. */
  private long channelCounted;

  RetryState(RetryPolicy policy, ClientChannel channel, ChannelStream owner) {
    this.policy = policy;
    this.channel = channel;
    this.owner = owner;
  }

  /**
   * Picks again for the call after {@code delay} nanoseconds on the channel's clock; {@link
   * #backingOff} must be set. Outside the owner's lock.
   */
  void scheduleNextAttempt(long delay) {
    channel.pending().sleep(owner); // a graceful shutdown waits for this retry
    TimeSource.Cancellable t = channel.time().schedule(this::backoffDone, delay,
        TimeUnit.NANOSECONDS);
    synchronized (owner) {
      if (backingOff) {
        backoffTimer = t;
        return;
      }
    }
    t.cancel(); // the call ended meanwhile
    channel.pending().wake(owner);
  }

  private void backoffDone() {
    synchronized (owner) {
      if (!backingOff) {
        return; // the call ended while it waited
      }
      backingOff = false;
      backoffTimer = null;
    }
    channel.pending().pickAndBind(owner);
    channel.pending().wake(owner); // after: it is picked or waiting now
  }

  /**
   * The attempt ended with {@code status} before the call committed: the delay in nanoseconds
   * before the next attempt, or -1 for none (then {@link #lastOutcome} says why).
   */
  long decide(Metadata trailers, Status status) {
    RetryThrottle throttle = channel.throttle();
    if (status.isOk()) {
      lastOutcome = Outcome.DELIVERED;
      return -1;
    }
    long pushback = pushbackMillis(trailers);
    if (!policy.retryableStatusCodes().contains(status.code())) {
      if (pushback == STOP && throttle != null) {
        throttle.onFailure(); // A6: a "don't retry" counts against the bucket all the same
      }
      lastOutcome = Outcome.NOT_RETRYABLE;
      return -1;
    }
    if (throttle != null && !throttle.onFailure()) {
      lastOutcome = Outcome.THROTTLED;
      return -1;
    }
    if (previousAttempts + 1 >= policy.maxAttempts()) {
      lastOutcome = Outcome.ATTEMPTS_EXHAUSTED;
      return -1;
    }
    if (pushback == STOP) {
      lastOutcome = Outcome.PUSHBACK_STOPPED;
      return -1;
    }
    previousAttempts++;
    if (pushback >= 0) {
      backoffStep = 0;
      lastOutcome = Outcome.RETRIED_AFTER_PUSHBACK;
      return pushback * 1_000_000L;
    }
    backoffStep++;
    double jitter = 0.8 + 0.4 * channel.random().getAsDouble();
    lastOutcome = Outcome.RETRIED_AFTER_BACKOFF;
    return (long) (policy.backoffNanos(backoffStep) * jitter);
  }

  /** Counts a sent message in the channel's retry buffer; true when that is now over its limit. */
  boolean overChannelBuffer(int length) {
    channelCounted += length;
    return channel.retryBuffered().addAndGet(length)
        > channel.retrySettings().channelBufferBytes();
  }

  /** The call committed or ended: its messages leave the channel's count. */
  void uncount() {
    if (channelCounted > 0) {
      channel.retryBuffered().addAndGet(-channelCounted);
      channelCounted = 0;
    }
  }

  /** Cancels the backoff timer; true when the call was waiting for it. */
  boolean stopBackoff() {
    if (!backingOff) {
      return false;
    }
    backingOff = false;
    if (backoffTimer != null) {
      backoffTimer.cancel();
      backoffTimer = null;
    }
    channel.pending().wake(owner);
    return true;
  }

  /** A call with this policy ended OK: the bucket gets {@code tokenRatio} back. */
  void onSuccess() {
    RetryThrottle throttle = channel.throttle();
    if (throttle != null) {
      throttle.onSuccess();
    }
  }

  private static final long ABSENT = -2;
  private static final long STOP = -1;

  /**
   * The server's pushback: ABSENT for none, STOP for "do not retry" (negative, or not a plain
   * decimal 32-bit integer), else the delay in milliseconds.
   */
  static long pushbackMillis(Metadata trailers) {
    String v = trailers == null ? null : trailers.get(PUSHBACK_KEY);
    if (v == null) {
      return ABSENT;
    }
    if (v.isEmpty() || v.length() > 11 || (v.length() > 1 && v.charAt(0) == '0')) {
      return STOP;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return STOP; // negative or garbage: stop
      }
    }
    long ms = Long.parseLong(v);
    return ms > Integer.MAX_VALUE ? STOP : ms;
  }
}
