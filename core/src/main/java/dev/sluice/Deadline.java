package dev.sluice;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A point in time by which a call must finish, on a monotonic clock (never wall time, so clock
 * changes do not move it).
 *
 * <p>Also converts to and from the {@code grpc-timeout} header text: at most eight ASCII digits
 * and a unit letter, {@code H M S m u n}.
 */
public final class Deadline implements Comparable<Deadline> {

  /** The largest value {@code grpc-timeout} can carry: eight digits. */
  private static final long MAX_TIMEOUT_VALUE = 99_999_999L;

  private final Ticker ticker;
  private final long deadlineNanos;

  private Deadline(Ticker ticker, long deadlineNanos) {
    this.ticker = ticker;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * A deadline {@code timeout} from now on the system clock.
   *
   * @param timeout the time from now
   * @return a deadline on the system ticker
   */
  public static Deadline after(Duration timeout) {
    return after(saturatedNanos(timeout), TimeUnit.NANOSECONDS, Ticker.system());
  }

  /**
   * A deadline {@code amount} {@code unit}s from now on the system clock.
   *
   * @param amount the time from now, in {@code unit}
   * @param unit the unit of {@code amount}
   * @return a deadline on the system ticker
   */
  public static Deadline after(long amount, TimeUnit unit) {
    return after(amount, unit, Ticker.system());
  }

  /**
   * A deadline {@code amount} {@code unit}s from now on {@code ticker}.
   *
   * @param amount the time from now, in {@code unit}
   * @param unit the unit of {@code amount}
   * @param ticker the clock to measure with
   * @return a deadline on {@code ticker}
   */
  public static Deadline after(long amount, TimeUnit unit, Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    long now = ticker.nanoTime();
    long delta = unit.toNanos(amount);
    long at = now + delta;
    // Saturate rather than wrap: a very long timeout means "far away", never "in the past".
    if (delta > 0 && at < now) {
      at = Long.MAX_VALUE;
    } else if (delta < 0 && at > now) {
      at = Long.MIN_VALUE;
    }
    return new Deadline(ticker, at);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * Time left, in {@code unit}, rounded toward zero; negative once passed.
   *
   * @param unit the unit of the result
   * @return the time left
   */
  public long timeRemaining(TimeUnit unit) {
    return unit.convert(remainingNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Time left as a duration; negative once passed.
   *
   * @return the time left
   */
  public Duration remaining() {
    return Duration.ofNanos(remainingNanos());
  }

  private long remainingNanos() {
    long now = ticker.nanoTime();
    long r = deadlineNanos - now;
    // Guard against overflow for the saturated extremes.
    if (deadlineNanos == Long.MAX_VALUE && r < 0) {
      return Long.MAX_VALUE;
    }
    return r;
  }

  /** {@return true once the deadline has passed} */
  public boolean isExpired() {
    return remainingNanos() <= 0;
  }

  /**
   * The earlier of this deadline and {@code other} (which may be null).
   *
   * @param other another deadline, or null
   * @return the earlier deadline
   */
  public Deadline minimum(Deadline other) {
    if (other == null) {
      return this;
    }
    return compareTo(other) <= 0 ? this : other;
  }

  /** {@return the clock this deadline is measured on} */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * The remaining time as {@code grpc-timeout} text, using the finest unit that fits in eight
   * digits. A passed deadline encodes as {@code 1n}: the peer then sees it as already expired.
   *
   * @return the header value, such as {@code 100m}
   */
  public String toGrpcTimeout() {
    return encodeTimeout(remainingNanos());
  }

  /**
   * Encodes {@code nanos} as {@code grpc-timeout} text (see {@link #toGrpcTimeout()}).
   *
   * @param nanos the timeout; at most 0 encodes as {@code 1n}
   * @return the header value
   */
  public static String encodeTimeout(long nanos) {
    if (nanos <= 0) {
      return "1n";
    }
    if (nanos <= MAX_TIMEOUT_VALUE) {
      return nanos + "n";
    }
    // Round up when dropping precision, so the peer never sees a shorter timeout than ours.
    long[] divisors = {1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
    char[] units = {'u', 'm', 'S', 'M', 'H'};
    for (int i = 0; i < divisors.length; i++) {
      long v = ceilDiv(nanos, divisors[i]);
      if (v <= MAX_TIMEOUT_VALUE) {
        return v + String.valueOf(units[i]);
      }
    }
    return MAX_TIMEOUT_VALUE + "H";
  }

  private static long ceilDiv(long a, long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }

  /**
   * Parses {@code grpc-timeout} text into nanoseconds.
   *
   * @param text the header value
   * @return the timeout in nanoseconds
   * @throws IllegalArgumentException when the text is not 1 to 8 digits and a unit letter
   */
  public static long parseTimeout(String text) {
    Objects.requireNonNull(text, "text");
    int n = text.length();
    if (n < 2 || n > 9) {
      throw new IllegalArgumentException(
          "grpc-timeout '" + text + "' must be 1 to 8 digits followed by a unit (H M S m u n)");
    }
    long value = 0;
    for (int i = 0; i < n - 1; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("grpc-timeout '" + text + "' has a non-digit '" + c + "'");
      }
      value = value * 10 + (c - '0');
    }
    TimeUnit unit;
    long factor = 1;
    switch (text.charAt(n - 1)) {
      case 'n' -> unit = TimeUnit.NANOSECONDS;
      case 'u' -> unit = TimeUnit.MICROSECONDS;
      case 'm' -> unit = TimeUnit.MILLISECONDS;
      case 'S' -> unit = TimeUnit.SECONDS;
      case 'M' -> {
        unit = TimeUnit.SECONDS;
        factor = 60;
      }
      case 'H' -> {
        unit = TimeUnit.SECONDS;
        factor = 3600;
      }
      default -> throw new IllegalArgumentException(
          "grpc-timeout '" + text + "' has unknown unit '" + text.charAt(n - 1) + "'");
    }
    return unit.toNanos(value * factor);
  }

  /** Deadlines on the same ticker compare by time; callers must not mix tickers. */
  @Override
  public int compareTo(Deadline other) {
    return Long.compare(deadlineNanos, other.deadlineNanos);
  }

  @Override
  public String toString() {
    long r = remainingNanos();
    return "Deadline{" + (r <= 0 ? "expired " + (-r) + "ns ago" : r + "ns from now") + "}";
  }
}
