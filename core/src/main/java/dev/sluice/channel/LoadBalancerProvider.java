package dev.sluice.channel;

import java.util.Map;

/**
 * Makes one load-balancing policy, known by its name ({@code pick_first}, {@code round_robin}).
 * Providers are found through the {@link LoadBalancerRegistry}. Thread-safe.
 */
public abstract class LoadBalancerProvider {

  /**
   * The policy's name as service configs and {@code defaultLoadBalancingPolicy} spell it.
   *
   * @return the name, such as {@code round_robin}
   */
  public abstract String policyName();

  /**
   * A new instance of the policy for one channel.
   *
   * @param helper the channel's side: subchannels, state updates, the clock
   * @return the new policy
   */
  public abstract LoadBalancer newLoadBalancer(LoadBalancer.Helper helper);

  /**
   * Reads the policy's configuration: the JSON object under its name in a {@code
   * loadBalancingConfig} entry, as maps, lists, strings, numbers (Double) and booleans. The
   * result is handed back in {@link ResolvedAddresses#loadBalancingConfig()}. This default takes
   * no configuration and returns null.
   *
   * @param rawConfig the policy's JSON object
   * @return the parsed configuration, which the policy reads
   * @throws IllegalArgumentException saying what is wrong with the configuration
   */
  public Object parseConfig(Map<String, ?> rawConfig) {
    return null;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + policyName() + "}";
  }
}
