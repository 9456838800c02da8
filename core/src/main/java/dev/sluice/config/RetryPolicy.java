package dev.sluice.config;

import dev.sluice.Status;
import java.util.Objects;
import java.util.Set;

/**
 * A method's {@code retryPolicy} (gRFC A6): how often and how soon a failed call is tried again.
 *
 * @param maxAttempts attempts in all, the first included (2..{@link ServiceConfig#MAX_ATTEMPTS},
 *     larger values in a config are clamped)
 * @param initialBackoffNanos the first retry's backoff, before jitter; greater than 0
 * @param maxBackoffNanos the longest backoff, before jitter; greater than 0
 * @param backoffMultiplier the growth of the backoff after each retry; greater than 0
 * @param retryableStatusCodes the codes a retry is made for; never empty, never OK
 */
public record RetryPolicy(int maxAttempts, long initialBackoffNanos, long maxBackoffNanos,
    double backoffMultiplier, Set<Status.Code> retryableStatusCodes) {

  /**
   * Copies the set of retryable codes.
   *
   * @param maxAttempts attempts in all, the first included (2..{@link ServiceConfig#MAX_ATTEMPTS},
   *     larger values in a config are clamped)
   * @param initialBackoffNanos the first retry's backoff, before jitter; greater than 0
   * @param maxBackoffNanos the longest backoff, before jitter; greater than 0
   * @param backoffMultiplier the growth of the backoff after each retry; greater than 0
   * @param retryableStatusCodes the codes a retry is made for; never empty, never OK
   */
  public RetryPolicy {
    retryableStatusCodes = Set.copyOf(
        Objects.requireNonNull(retryableStatusCodes, "retryableStatusCodes"));
  }

  /**
   * The backoff before retry {@code n} (1 for the first retry since the call started or since the
   * last pushback), before jitter: {@code min(initial × multiplier^(n−1), max)}.
   *
   * @param n the retry's number, from 1
   * @return the backoff in nanoseconds
   */
  public long backoffNanos(int n) {
    double b = initialBackoffNanos * Math.pow(backoffMultiplier, n - 1);
    return b >= maxBackoffNanos ? maxBackoffNanos : (long) b;
  }
}
