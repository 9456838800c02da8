package dev.sluice.channel;

import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One backend as a name resolver sees it: one or more socket addresses (the same server reached
 * over IPv4 and IPv6, say) with attributes for the load balancer. The DNS resolver cannot tell
 * which addresses belong together, so it makes one endpoint per address.
 *
 * @param addresses at least one address, in the order to try them
 * @param attributes resolver-to-balancer information about this endpoint
 */
public record EndpointAddresses(List<SocketAddress> addresses, Attributes attributes) {
  /**
   * Copies the address list and checks it is not empty.
   *
   * @param addresses at least one address, in the order to try them
   * @param attributes resolver-to-balancer information about this endpoint
   */
  public EndpointAddresses {
    addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
    Objects.requireNonNull(attributes, "attributes");
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("An endpoint needs at least one address");
    }
  }

  /**
   * An endpoint of one address, without attributes.
   *
   * @param address the endpoint's one address
   * @return an endpoint with that address and no attributes
   */
  public static EndpointAddresses of(SocketAddress address) {
    return new EndpointAddresses(List.of(address), Attributes.EMPTY);
  }
}
