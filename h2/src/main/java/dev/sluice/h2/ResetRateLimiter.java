package dev.sluice.h2;

/**
 * A token bucket over RST_STREAM frames from the peer: the rapid-reset guard
 * (CVE-2023-44487). Each reset takes a token; tokens come back at a steady rate up to the burst
 * size. A peer that runs the bucket dry is opening and resetting streams faster than any real
 * client cancels calls. Used on the connection's thread only.
 */
final class ResetRateLimiter {

  private final int burst;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  ResetRateLimiter(int burst, int perSecond, long nowNanos) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes a token for one reset; false when none is left. */
  boolean tryAcquire(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
    lastNanos = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
