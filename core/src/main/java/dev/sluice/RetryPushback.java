package dev.sluice;

import java.time.Duration;
import java.util.Objects;

/**
 * Server-side retry pushback (gRFC A6): trailers with which a handler tells clients that retry
 * by policy when to retry its failed call, or not to. Send them with the failure:
 *
 * <pre>{@code
 * call.close(Status.UNAVAILABLE.withDescription("overloaded"),
 *     RetryPushback.retryAfter(Duration.ofMillis(500)));
 * }</pre>
 *
 * <p>A client retries after exactly that delay (and its backoff starts over), or, after {@link
 * #doNotRetry()}, ends the call with this failure. Pushback applies only to a status the client's
 * policy retries, and does not raise its maxAttempts. It travels as the {@value #TRAILER_KEY}
 * trailer, the one {@code grpc-} key a handler may send.
 */
public final class RetryPushback {

  /** The trailer: a non-negative number of milliseconds, or a negative one for "don't retry". */
  public static final String TRAILER_KEY = "grpc-retry-pushback-ms";

  private RetryPushback() {}

  /**
   * Trailers asking the client to retry after {@code delay} (0: at once).
   *
   * @param delay the delay; not negative
   * @return new trailers
   */
  public static Metadata retryAfter(Duration delay) {
    return addTo(new Metadata(), delay);
  }

  /**
   * Trailers asking the client not to retry.
   *
   * @return new trailers
   */
  public static Metadata doNotRetry() {
    return new Metadata().add(TRAILER_KEY, "-1");
  }

  /**
   * Adds the pushback for {@code delay} to {@code trailers}; returns them.
   *
   * @param trailers the trailers to add to
   * @param delay the delay; not negative
   * @return {@code trailers}
   */
  public static Metadata addTo(Metadata trailers, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative (use doNotRetry): " + delay);
    }
    long ms = Math.min(delay.toMillis(), Integer.MAX_VALUE);
    return trailers.add(TRAILER_KEY, Long.toString(ms));
  }
}
