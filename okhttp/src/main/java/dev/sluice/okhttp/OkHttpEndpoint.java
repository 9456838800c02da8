package dev.sluice.okhttp;

import dev.sluice.transport.Endpoint;
import dev.sluice.transport.TlsInfo;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Connection;
import okhttp3.Handshake;

/** The connection an OkHttp call ran on, as OkHttp's {@link Connection} describes it. */
final class OkHttpEndpoint implements Endpoint {

  private final SocketAddress local;
  private final SocketAddress remote;
  private final TlsInfo tls;

  private OkHttpEndpoint(SocketAddress local, SocketAddress remote, TlsInfo tls) {
    this.local = local;
    this.remote = remote;
    this.tls = tls;
  }

  static OkHttpEndpoint of(Connection connection, String serverName) {
    Socket socket = connection.socket();
    Handshake h = connection.handshake();
    TlsInfo tls = null;
    if (h != null) {
      List<X509Certificate> peers = new ArrayList<>();
      for (Certificate c : h.peerCertificates()) {
        if (c instanceof X509Certificate x) {
          peers.add(x);
        }
      }
      tls = new TlsInfo(h.tlsVersion().javaName(), h.cipherSuite().javaName(), serverName, peers);
    }
    return new OkHttpEndpoint(socket.getLocalSocketAddress(), socket.getRemoteSocketAddress(),
        tls);
  }

  @Override
  public SocketAddress localAddress() {
    return local;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public String peer() {
    return String.valueOf(remote).replaceFirst("^[^/]*/", "");
  }

  @Override
  public boolean isSecure() {
    return tls != null;
  }

  @Override
  public TlsInfo tls() {
    return tls;
  }
}
