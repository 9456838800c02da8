package dev.sluice.channel;

import java.util.List;
import java.util.Objects;

/**
 * What a name resolver found: the endpoints to balance over, attributes for the load balancer,
 * and the service config the name published, if any.
 *
 * @param endpoints the backends, possibly empty (the load balancer then reports
 *     TRANSIENT_FAILURE and the channel asks the resolver again after a backoff)
 * @param attributes resolver-to-balancer information about the whole result
 * @param serviceConfigJson the service config as raw JSON text, or null when the resolver has
 *     none (the channel parses it, see {@code dev.sluice.config.ServiceConfig}; an invalid one is
 *     handled as gRFC A21 says)
 */
public record ResolutionResult(List<EndpointAddresses> endpoints, Attributes attributes,
    String serviceConfigJson) {
  /**
   * Copies the endpoint list.
   *
   * @param endpoints the backends, possibly empty (the load balancer then reports TRANSIENT_FAILURE
   *     and the channel asks the resolver again after a backoff)
   * @param attributes resolver-to-balancer information about the whole result
   * @param serviceConfigJson the service config as raw JSON text, or null when the resolver has
   *     none (the channel parses it, see {@code dev.sluice.config.ServiceConfig}; an invalid one is
   *     handled as gRFC A21 says)
   */
  public ResolutionResult {
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
    Objects.requireNonNull(attributes, "attributes");
  }

  /**
   * Endpoints only: no attributes, no service config.
   *
   * @param endpoints the resolved endpoints
   * @return a result with those endpoints and nothing else
   */
  public static ResolutionResult of(List<EndpointAddresses> endpoints) {
    return new ResolutionResult(endpoints, Attributes.EMPTY, null);
  }
}
