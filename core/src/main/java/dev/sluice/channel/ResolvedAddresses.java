package dev.sluice.channel;

import dev.sluice.Status;
import java.util.List;
import java.util.Objects;

/**
 * What a load balancer is given: the endpoints of the latest resolution, its attributes and the
 * policy's parsed configuration.
 *
 * @param endpoints the backends, possibly empty
 * @param attributes the resolution result's attributes
 * @param loadBalancingConfig what the policy's {@link LoadBalancerProvider#parseConfig} made of
 *     its configuration, or null when it has none
 */
public record ResolvedAddresses(List<EndpointAddresses> endpoints, Attributes attributes,
    Object loadBalancingConfig) {
  /**
   * Copies the endpoint list.
   *
   * @param endpoints the backends, possibly empty
   * @param attributes the resolution result's attributes
   * @param loadBalancingConfig what the policy's {@link LoadBalancerProvider#parseConfig} made of
   *     its configuration, or null when it has none
   */
  public ResolvedAddresses {
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
    Objects.requireNonNull(attributes, "attributes");
  }

  /**
   * The status a policy reports when a resolution leaves it no address to use: UNAVAILABLE,
   * naming the target and the resolution's attributes.
   *
   * @param target the channel's target, for the message
   * @return an UNAVAILABLE status for the policy to fail calls with
   */
  public Status noAddressStatus(String target) {
    return Status.UNAVAILABLE.withDescription("NameResolver returned no usable address for "
        + target + " (an empty list; attributes " + attributes + ")");
  }
}
