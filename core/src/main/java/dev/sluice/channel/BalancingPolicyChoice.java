package dev.sluice.channel;

import dev.sluice.config.ServiceConfig;
import java.util.Map;

/**
 * Which load-balancing policy a {@link ClientChannel} uses, with its parsed configuration: the
 * one the service config in force names, else the builder's. The builder's policy is looked up
 * and its configuration checked when the channel is built, so that a mistake fails {@code
 * build()} rather than the first call. Used in the channel's synchronization context (and its
 * constructor) only.
 */
final class BalancingPolicyChoice {

  private final LoadBalancerProvider builderProvider;
  private final Object builderConfig;
  private LoadBalancerProvider provider;
  private Object config;

  /**
   * @throws IllegalArgumentException for an unknown policy, or a configuration its provider
   *     rejects
   */
  BalancingPolicyChoice(String policyName, Map<String, ?> policyConfig) {
    this.builderProvider = LoadBalancerRegistry.getDefault().provider(policyName);
    if (builderProvider == null) {
      throw new IllegalArgumentException("Unknown load-balancing policy '"
          + policyName + "' (known: "
          + LoadBalancerRegistry.getDefault().policyNames() + ")");
    }
    try {
      this.builderConfig = builderProvider.parseConfig(policyConfig);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid configuration of load-balancing policy '"
          + policyName + "': " + e.getMessage(), e);
    }
    this.provider = builderProvider;
    this.config = builderConfig;
  }

  /** The policy {@code config} names (checked when it was parsed), else the builder's. */
  void useFor(ServiceConfig serviceConfig) {
    String name = serviceConfig.loadBalancingPolicy();
    LoadBalancerProvider p = name == null ? null : LoadBalancerRegistry.getDefault().provider(name);
    if (p == null) {
      provider = builderProvider;
      config = builderConfig;
    } else {
      provider = p;
      config = p.parseConfig(serviceConfig.loadBalancingConfig());
    }
  }

  LoadBalancerProvider provider() {
    return provider;
  }

  /** The policy's parsed configuration, for {@link ResolvedAddresses}. */
  Object config() {
    return config;
  }
}
