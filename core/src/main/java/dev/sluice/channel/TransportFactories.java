package dev.sluice.channel;

import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.Connector;
import dev.sluice.transport.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Which transport factory a channel uses, and the adapter for the one-connector API. */
final class TransportFactories {

  private static final Logger log = System.getLogger("dev.sluice.channel");

  private TransportFactories() {}

  /**
   * The builder's factory, or else the ones on the class path: the only one, or for each address
   * the first that supports it, in order of {@link ClientTransportFactory#priority()}.
   *
   * @throws IllegalArgumentException when there is none
   */
  static ClientTransportFactory choose(ClientTransportFactory configured, String target) {
    if (configured != null) {
      return configured;
    }
    List<ClientTransportFactory> found = Discovered.FACTORIES;
    if (found.isEmpty()) {
      throw new IllegalArgumentException("No transport for target '" + target + "' on the class"
          + " path: add sluice-h2 (or sluice-inproc), or give one to Channel.Builder.transport");
    }
    return found.size() == 1 ? found.get(0) : new FirstSupporting(found);
  }

  /** The factories on the class path, looked up once (they are stateless and thread-safe). */
  private static final class Discovered {
    static final List<ClientTransportFactory> FACTORIES = load();

    private static List<ClientTransportFactory> load() {
      List<ClientTransportFactory> found = new ArrayList<>();
      try {
        for (ClientTransportFactory f : ServiceLoader.load(ClientTransportFactory.class,
            TransportFactories.class.getClassLoader())) {
          found.add(f);
        }
      } catch (ServiceConfigurationError e) {
        log.log(Level.WARNING, "A transport on the class path could not be loaded", e);
      }
      // Highest priority first; a stable sort keeps the class path's order among equals.
      found.sort(java.util.Comparator.comparingInt(ClientTransportFactory::priority).reversed());
      return List.copyOf(found);
    }
  }

  /** Several factories: each address goes to the first one that supports it. */
  private record FirstSupporting(List<ClientTransportFactory> factories)
      implements ClientTransportFactory {
    @Override
    public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
      for (ClientTransportFactory f : factories) {
        if (f.supportsAddress(address)) {
          return f.newTransport(address, options);
        }
      }
      throw new IllegalArgumentException("no transport on the class path can reach " + address
          + " (" + address.getClass().getName() + ")");
    }

    @Override
    public boolean supportsAddress(SocketAddress address) {
      return factories.stream().anyMatch(f -> f.supportsAddress(address));
    }

    /** Secure only when every factory is: which one a connection comes from is not known yet. */
    @Override
    public boolean isSecure() {
      return factories.stream().allMatch(ClientTransportFactory::isSecure);
    }
  }

  /** The address of a channel built on one {@link Connector}: "wherever it connects". */
  static final class ConnectorAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;
    private final transient Connector connector;

    ConnectorAddress(Connector connector) {
      this.connector = connector;
    }

    @Override
    public String toString() {
      return connector.target();
    }
  }

  /** Makes every transport with the one connector. */
  static final class ConnectorFactory implements ClientTransportFactory {
    @Override
    public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
      if (!(address instanceof ConnectorAddress c)) {
        throw new IllegalArgumentException("not a connector's address: " + address);
      }
      return c.connector.connect();
    }

    @Override
    public boolean supportsAddress(SocketAddress address) {
      return address instanceof ConnectorAddress;
    }
  }
}
