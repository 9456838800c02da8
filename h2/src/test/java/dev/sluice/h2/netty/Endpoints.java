package dev.sluice.h2.netty;

import dev.sluice.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A listener and connector pair over {@link RecordingTransport}s, for endpoint tests. */
final class Endpoints implements AutoCloseable {

  final NettyServerListener listener;
  final CompletableFuture<RecordingTransport> serverTransport = new CompletableFuture<>();

  private Endpoints(NettyServerListener listener) {
    this.listener = listener;
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Starts a listener made from {@code builder} that records the first server transport. */
  static Endpoints start(NettyServerListener.Builder builder) throws Exception {
    Endpoints e = new Endpoints(builder
        .transportFactory((ch, cfg) -> new RecordingTransport(ch, false))
        .build());
    e.listener.start(t -> e.serverTransport.complete((RecordingTransport) t));
    return e;
  }

  /** A connector builder to the listener, making {@link RecordingTransport}s. */
  NettyConnector.Builder connector() {
    return connectorTo(listener.boundAddress());
  }

  static NettyConnector.Builder connectorTo(SocketAddress address) {
    return NettyConnector.forAddress(address)
        .transportFactory((ch, cfg, scheme, authority) -> new RecordingTransport(ch, true));
  }

  static RecordingTransport connect(NettyConnector connector) {
    Transport t = connector.connect();
    return (RecordingTransport) t;
  }

  RecordingTransport awaitServer() throws Exception {
    return serverTransport.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    listener.shutdown();
    listener.terminationFuture().get(30, TimeUnit.SECONDS);
  }
}
