package dev.sluice.config;

/**
 * A service config's {@code retryThrottling} (gRFC A6): the token bucket that stops retries and
 * hedges while too many attempts fail.
 *
 * @param maxTokens the bucket's size, in (0, 1000]
 * @param tokenRatio what one success adds back, greater than 0 (three decimal places kept)
 */
public record RetryThrottling(int maxTokens, double tokenRatio) {

  /**
   * The ratio in thousandths of a token, as the bucket counts.
   *
   * @return the ratio times 1000
   */
  public int tokenRatioMillis() {
    return (int) Math.floor(tokenRatio * 1000 + 1e-9);
  }
}
