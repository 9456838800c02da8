package dev.sluice.channel;

import dev.sluice.config.ServiceConfig;
import dev.sluice.config.ServiceConfigException;

/**
 * The service config a {@link ClientChannel} has in force (the resolver's, the default, or the
 * empty one), the retry throttle that goes with it, and a count of its changes that calls read
 * to notice a config that changed while they started. Apart from the channel so that the rules
 * of A21 (an invalid resolver config keeps the one in force) and of carrying the throttle's
 * tokens over sit together. Read anywhere; changed in the channel's synchronization context only.
 */
final class ServiceConfigInForce {

  private final RetrySettings retrySettings;
  private volatile ServiceConfig config;
  private volatile RetryThrottle throttle;
  /** Counts the changes of {@link #config}. */
  private volatile int generation;
  /** A resolver result has put a service config in force (A21: an invalid one then keeps it). */
  private boolean resolverApplied;

  /** Starts with the default service config of {@code retrySettings}, else the empty one. */
  ServiceConfigInForce(RetrySettings retrySettings) {
    this.retrySettings = retrySettings;
    ServiceConfig first = retrySettings.defaultServiceConfig() != null
        ? retrySettings.defaultServiceConfig() : ServiceConfig.EMPTY;
    this.config = first;
    this.throttle = first.retryThrottling() == null ? null : RetryThrottle.of(
        first.retryThrottling());
  }

  ServiceConfig get() {
    return config;
  }

  /** The retry token bucket; null without retryThrottling. */
  RetryThrottle throttle() {
    return throttle;
  }

  int generation() {
    return generation;
  }

  /**
   * The config a resolver result with {@code json} puts in force (see ConfigChoice).
   *
   * @throws ServiceConfigException when none can be: the JSON is invalid and no resolver config
   *     is in force to keep
   */
  ServiceConfig choose(String json) {
    return ConfigChoice.choose(json, retrySettings, resolverApplied ? config : null);
  }

  /**
   * Puts {@code next}, a resolver's choice, in force, with its throttle; false when it is the
   * config already in force.
   */
  boolean apply(ServiceConfig next) {
    resolverApplied = true;
    if (next.equals(config)) {
      return false;
    }
    config = next;
    generation++; // written in the synchronization context only
    if (next.retryThrottling() == null) {
      throttle = null;
    } else if (throttle == null || !throttle.sameConfig(next.retryThrottling())) {
      throttle = RetryThrottle.replacing(throttle, next.retryThrottling());
    }
    return true;
  }
}
