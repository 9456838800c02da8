package dev.sluice.channel;

import dev.sluice.channel.TransportFactories.ConnectorAddress;
import dev.sluice.transport.ClientTransportFactory;
import java.net.SocketAddress;
import java.util.List;

/**
 * What a {@link ClientChannel}'s target (or connector) comes to: the target as reported, the
 * transports that reach its addresses, the default authority, and the name resolvers that find
 * the addresses. A connector channel has one fixed address and no resolver registry. Made when
 * the channel is built, so that a malformed target or a missing transport fails {@code build()};
 * resolvers are then asked for in the channel's synchronization context only.
 */
final class ChannelTarget {

  private final ChannelSettings settings;
  private final String target;
  private final ClientTransportFactory transports;
  private final NameResolverRegistry registry;
  private final NameResolver.Args resolverArgs;
  private final String authority;
  /** The resolver made to check the target, used by the first exit from idle mode. */
  private NameResolver firstResolver;

  ChannelTarget(ChannelSettings s, TimeSource time) {
    this.settings = s;
    if (s.connector() != null) {
      this.target = s.connector().target();
      this.transports = new TransportFactories.ConnectorFactory();
      this.registry = null;
      this.resolverArgs = null;
      this.authority = s.authority();
      SocketAddress only = new ConnectorAddress(s.connector());
      this.firstResolver = new StaticNameResolver(authority, List.of(EndpointAddresses.of(only)));
    } else {
      this.target = s.target();
      this.transports = TransportFactories.choose(s.transportFactory(), target);
      this.registry = NameResolverRegistry.withDefaults();
      s.resolverProviders().forEach(registry::register);
      int port = s.defaultPort() > 0 ? s.defaultPort() : transports.usesTls() ? 443 : 80;
      this.resolverArgs = new NameResolver.Args(port,
          s.blockingExecutor() != null ? s.blockingExecutor() : BlockingPool.get(), time,
          s.minTimeBetweenResolutions());
      this.firstResolver = registry.newResolver(target, resolverArgs);
      this.authority = s.authority() != null ? s.authority() : firstResolver.serviceAuthority();
    }
  }

  /** {@return the target, as given (or the connector's)} */
  String target() {
    return target;
  }

  /** {@return the transports that make the connections to the target's addresses} */
  ClientTransportFactory transports() {
    return transports;
  }

  /** {@return the default {@code :authority} of calls (the override, or the resolver's)} */
  String authority() {
    return authority;
  }

  /**
   * A resolver for the target: the one made when the channel was built, the first time, then a
   * new one on each exit from idle mode.
   */
  NameResolver nextResolver() {
    NameResolver r = firstResolver;
    if (r != null) {
      firstResolver = null;
      return r;
    }
    if (registry == null) {
      SocketAddress only = new ConnectorAddress(settings.connector());
      return new StaticNameResolver(authority, List.of(EndpointAddresses.of(only)));
    }
    return registry.newResolver(target, resolverArgs); // checked when the channel was built
  }
}
