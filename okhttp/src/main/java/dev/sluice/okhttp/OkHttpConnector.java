package dev.sluice.okhttp;

import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.Connector;
import dev.sluice.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Connections to one address over OkHttp, for {@code Channel.builder(Connector)} and for tests
 * that drive a transport directly. Each {@link #connect()} makes a new {@link OkHttpTransport}
 * with the factory's settings.
 */
public final class OkHttpConnector implements Connector {

  private final InetSocketAddress address;
  private final OkHttpTransportFactory factory;
  private final String authority;
  private final Duration connectTimeout;

  /**
   * A connector for one address, for {@code Channel.builder(connector)}.
   *
   * @param address the server's address
   * @param factory the settings (TLS, limits, the OkHttp base client) of the transports it makes
   * @param authority the {@code :authority} of the streams and the TLS host name, or null for
   *     the address's {@code host:port}
   * @param connectTimeout how long a connection may take to open before its calls fail
   */
  public OkHttpConnector(InetSocketAddress address, OkHttpTransportFactory factory,
      String authority, Duration connectTimeout) {
    this.address = Objects.requireNonNull(address, "address");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.authority = authority;
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /**
   * Plaintext (h2c) to {@code address}, 20 s to connect.
   *
   * @param address the server's address
   * @return a connector with OkHttp's default settings
   */
  public static OkHttpConnector forAddress(InetSocketAddress address) {
    return new OkHttpConnector(address, new OkHttpTransportFactory(), null,
        Duration.ofSeconds(20));
  }

  @Override
  public Transport connect() {
    return factory.newTransport(address, new ClientTransportOptions(authority, connectTimeout));
  }

  @Override
  public String target() {
    return address.getHostString() + ":" + address.getPort();
  }

  @Override
  public boolean isSecure() {
    return factory.usesTls();
  }
}
