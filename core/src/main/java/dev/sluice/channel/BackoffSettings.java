package dev.sluice.channel;

import java.time.Duration;
import java.util.Objects;

/**
 * The reconnect backoff of gRPC's connection-backoff document (doc/connection-backoff.md in
 * grpc/grpc): the first attempt's slot is {@code initialBackoff}, each failure multiplies it by
 * {@code multiplier} up to {@code maxBackoff}, each slot is jittered by ±{@code jitter}; an attempt
 * may always take {@code minConnectTimeout}, even when its slot is shorter. The same numbers space
 * out the resolver's retries after a failure.
 *
 * @param initialBackoff the first slot (1 s)
 * @param multiplier the growth per failure (1.6)
 * @param jitter the random spread, a fraction of the slot (0.2: ±20 %)
 * @param maxBackoff the longest slot before jitter (120 s)
 * @param minConnectTimeout the least time a connection attempt is given (20 s)
 */
public record BackoffSettings(Duration initialBackoff, double multiplier, double jitter,
    Duration maxBackoff, Duration minConnectTimeout) {

  /** gRPC's numbers: 1 s, ×1.6, ±20 %, 120 s, 20 s. */
  public static final BackoffSettings DEFAULT = new BackoffSettings(Duration.ofSeconds(1), 1.6,
      0.2, Duration.ofSeconds(120), Duration.ofSeconds(20));

  /**
   * Checks that the durations are positive and the multiplier and jitter are usable.
   *
   * @param initialBackoff the first slot (1 s)
   * @param multiplier the growth per failure (1.6)
   * @param jitter the random spread, a fraction of the slot (0.2: ±20 %)
   * @param maxBackoff the longest slot before jitter (120 s)
   * @param minConnectTimeout the least time a connection attempt is given (20 s)
   */
  public BackoffSettings {
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(minConnectTimeout, "minConnectTimeout");
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff " + maxBackoff
          + " is shorter than initialBackoff " + initialBackoff);
    }
  }

  /**
   * A copy with the first slot {@code d} (the maximum grows to it if shorter).
   *
   * @param d the new first slot; positive
   * @return a new settings record
   */
  public BackoffSettings withInitialBackoff(Duration d) {
    return new BackoffSettings(d, multiplier, jitter, max(maxBackoff, d), minConnectTimeout);
  }

  /**
   * A copy with the longest slot {@code d} (the first shrinks to it if longer).
   *
   * @param d the new longest slot; positive
   * @return a new settings record
   */
  public BackoffSettings withMaxBackoff(Duration d) {
    return new BackoffSettings(min(initialBackoff, d), multiplier, jitter, d, minConnectTimeout);
  }

  /**
   * A copy whose slots grow by {@code m} per failure.
   *
   * @param m the new multiplier; at least 1
   * @return a new settings record
   */
  public BackoffSettings withMultiplier(double m) {
    return new BackoffSettings(initialBackoff, m, jitter, maxBackoff, minConnectTimeout);
  }

  /**
   * A copy that gives every attempt at least {@code d}.
   *
   * @param d the new least time per attempt; positive
   * @return a new settings record
   */
  public BackoffSettings withMinConnectTimeout(Duration d) {
    return new BackoffSettings(initialBackoff, multiplier, jitter, maxBackoff, d);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
