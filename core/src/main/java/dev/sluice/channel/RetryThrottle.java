package dev.sluice.channel;

import dev.sluice.config.RetryThrottling;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The channel's retry token bucket (gRFC A6, retry throttling), counted in thousandths of a
 * token: a qualifying failure takes one token, a success gives back {@code tokenRatio}, and
 * retries and extra hedges are allowed only while more than half the tokens are left. Shared by
 * every call of the channel; lock-free.
 */
final class RetryThrottle {

  private final int maxMillis;
  private final int ratioMillis;
  private final int thresholdMillis;
  private final AtomicInteger millis;

  private RetryThrottle(RetryThrottling config, int startMillis) {
    this.maxMillis = config.maxTokens() * 1000;
    this.ratioMillis = config.tokenRatioMillis();
    this.thresholdMillis = maxMillis / 2;
    this.millis = new AtomicInteger(startMillis);
  }

  /** A full bucket for {@code config}. */
  static RetryThrottle of(RetryThrottling config) {
    return new RetryThrottle(config, config.maxTokens() * 1000);
  }

  /** A bucket for {@code config} that starts as full, in proportion, as {@code old} is. */
  static RetryThrottle replacing(RetryThrottle old, RetryThrottling config) {
    if (old == null) {
      return of(config);
    }
    long start = (long) old.millis.get() * config.maxTokens() * 1000 / old.maxMillis;
    return new RetryThrottle(config, (int) start);
  }

  /** A qualifying failure: one token less. True when retries are still allowed after it. */
  boolean onFailure() {
    int now = millis.updateAndGet(v -> Math.max(0, v - 1000));
    return now > thresholdMillis;
  }

  /** A success: {@code tokenRatio} tokens more. */
  void onSuccess() {
    millis.updateAndGet(v -> Math.min(maxMillis, v + ratioMillis));
  }

  /** True while retries and hedges may be made. */
  boolean allowsRetries() {
    return millis.get() > thresholdMillis;
  }

  /** Tokens left, in thousandths. */
  int tokenMillis() {
    return millis.get();
  }

  /** The configuration this bucket counts for. */
  boolean sameConfig(RetryThrottling config) {
    return config.maxTokens() * 1000 == maxMillis && config.tokenRatioMillis() == ratioMillis;
  }
}
