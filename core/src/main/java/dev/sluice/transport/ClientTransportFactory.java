package dev.sluice.transport;

import java.net.SocketAddress;

/**
 * Makes client transports to single addresses: the channel's subchannels ask it for one
 * connection at a time, each to one address a name resolver produced.
 *
 * <p>A transport module provides one (HTTP/2 over Netty: TCP, TLS, Unix sockets; in-process: a
 * name). A channel uses the factory its builder was given, or else the factories found through
 * {@link java.util.ServiceLoader} (each module lists its own under {@code
 * META-INF/services/dev.sluice.transport.ClientTransportFactory}): for each address, the first
 * one that {@linkplain #supportsAddress supports} it. A factory found that way must have a public
 * no-argument constructor and use plaintext defaults.
 *
 * <p>Thread-safe: {@link #newTransport} may be called from any thread, event loops included, and
 * never blocks.
 */
public interface ClientTransportFactory {

  /**
   * Starts a connection to {@code address} and returns its transport at once. The transport
   * reports CONNECTING, then READY once the connection can carry streams, or TRANSIENT_FAILURE /
   * SHUTDOWN with the reason when it cannot be made; see {@link Connector#connect()}.
   *
   * @param address one resolved address
   * @param options the authority, connect timeout and keepalive for this connection
   * @return the new connection's transport, connecting
   * @throws IllegalArgumentException when this factory cannot reach that kind of address
   */
  Transport newTransport(SocketAddress address, ClientTransportOptions options);

  /**
   * True when {@link #newTransport} can connect to {@code address}.
   *
   * @param address a resolved address
   * @return whether this factory can reach it
   */
  boolean supportsAddress(SocketAddress address);

  /**
   * Which factory found through {@link java.util.ServiceLoader} a channel asks first when
   * several on the class path support an address: the highest priority wins, and equal ones keep
   * the class path's order. Default 5; Sluice's own HTTP/2 and in-process transports keep it, a
   * transport on another stack that should only be picked when it is the one there (or when the
   * builder names it) returns less. A factory given to the channel builder is used whatever its
   * priority.
   *
   * @return this factory's rank among those on the class path; 5 by default
   */
  default int priority() {
    return 5;
  }

  /**
   * True when the transports speak TLS. It decides a target's default port: 443 with TLS, 80
   * without.
   *
   * @return whether the connections use TLS
   */
  default boolean usesTls() {
    return false;
  }

  /**
   * True when what the connections carry cannot be read or changed on the way: TLS, or a
   * transport that never leaves the process. Call credentials that do not allow plaintext are
   * sent only over secure connections. Default: {@link #usesTls()}.
   *
   * @return whether the connections are secure
   */
  default boolean isSecure() {
    return usesTls();
  }
}
