package dev.sluice.config;

/**
 * What a service config says about the calls of one method (or service, or every method). A
 * field that the config left out is null.
 *
 * @param timeoutNanos the longest a call may take; the call's deadline is the earlier of its own
 *     and its start plus this
 * @param waitForReady the wait-for-ready setting of calls that did not set it themselves
 * @param maxRequestMessageBytes the largest request message, with the channel's own limit the
 *     smaller one applies
 * @param maxResponseMessageBytes the largest response message, the same way
 * @param retryPolicy how calls are retried, or null
 * @param hedgingPolicy how calls are hedged, or null (never both)
 */
public record MethodConfig(Long timeoutNanos, Boolean waitForReady, Integer maxRequestMessageBytes,
    Integer maxResponseMessageBytes, RetryPolicy retryPolicy, HedgingPolicy hedgingPolicy) {

  /**
   * Checks that at most one of the retry and hedging policies is set.
   *
   * @param timeoutNanos the longest a call may take; the call's deadline is the earlier of its own
   *     and its start plus this
   * @param waitForReady the wait-for-ready setting of calls that did not set it themselves
   * @param maxRequestMessageBytes the largest request message, with the channel's own limit the
   *     smaller one applies
   * @param maxResponseMessageBytes the largest response message, the same way
   * @param retryPolicy how calls are retried, or null
   * @param hedgingPolicy how calls are hedged, or null (never both)
   */
  public MethodConfig {
    if (retryPolicy != null && hedgingPolicy != null) {
      throw new IllegalArgumentException("a method has a retryPolicy or a hedgingPolicy, not both");
    }
  }
}
