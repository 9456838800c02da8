package dev.sluice.transport;

import java.net.SocketAddress;

/**
 * The byte stream a wire transport runs over (a TCP or Unix socket, TLS, or an in-memory pipe).
 * Read-only facts for diagnostics and security decisions; transports own the I/O itself.
 */
public interface Endpoint {

  /**
   * Our side's address.
   *
   * @return the local address, or null when the transport does not tell
   */
  SocketAddress localAddress();

  /**
   * The peer's address.
   *
   * @return the peer's address, or null when the transport does not tell
   */
  SocketAddress remoteAddress();

  /**
   * A short description of the peer for logs and errors, such as {@code 127.0.0.1:50051}.
   *
   * @return the peer's description
   */
  String peer();

  /**
   * True when the bytes are protected by TLS.
   *
   * @return whether the connection uses TLS
   */
  boolean isSecure();

  /**
   * The TLS session once its handshake is done: protocol, cipher suite, SNI name and the peer's
   * certificates. Null on a connection without TLS, before the handshake finished, or from a
   * transport that does not tell.
   *
   * @return the TLS details, or null
   */
  default TlsInfo tls() {
    return null;
  }
}
