package dev.sluice.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY}: gRPC writes small frames (a call's HEADERS, a short
 * message, the END_STREAM) that Nagle's algorithm would hold until the peer's delayed ACK, some
 * 40 ms on Linux, per call. TLS runs over these sockets too.
 */
final class NoDelaySockets extends SocketFactory {

  static final NoDelaySockets INSTANCE = new NoDelaySockets();

  private NoDelaySockets() {}

  private static Socket noDelay(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(new Socket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(new Socket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(new Socket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
      int localPort) throws IOException {
    return noDelay(new Socket(address, port, localAddress, localPort));
  }
}
