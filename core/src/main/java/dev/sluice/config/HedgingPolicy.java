package dev.sluice.config;

import dev.sluice.Status;
import java.util.Objects;
import java.util.Set;

/**
 * A method's {@code hedgingPolicy} (gRFC A6): several attempts of the call, each started {@code
 * hedgingDelay} after the one before while none has answered; the first to answer wins.
 *
 * @param maxAttempts attempts in all (2..{@link ServiceConfig#MAX_ATTEMPTS}, larger values in a
 *     config are clamped)
 * @param hedgingDelayNanos the time between two attempts; 0 starts them all at once
 * @param nonFatalStatusCodes codes after which the other attempts go on (and the next one starts
 *     at once); any other code ends the call
 */
public record HedgingPolicy(int maxAttempts, long hedgingDelayNanos,
    Set<Status.Code> nonFatalStatusCodes) {

  /**
   * Copies the set of non-fatal codes.
   *
   * @param maxAttempts attempts in all (2..{@link ServiceConfig#MAX_ATTEMPTS}, larger values in a
   *     config are clamped)
   * @param hedgingDelayNanos the time between two attempts; 0 starts them all at once
   * @param nonFatalStatusCodes codes after which the other attempts go on (and the next one starts
   *     at once); any other code ends the call
   */
  public HedgingPolicy {
    nonFatalStatusCodes = Set.copyOf(
        Objects.requireNonNull(nonFatalStatusCodes, "nonFatalStatusCodes"));
  }
}
