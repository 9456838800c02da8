package dev.sluice.testing.loopback;

import dev.sluice.transport.Connector;
import dev.sluice.transport.Transport;

/** Connects to a {@link LoopbackListener} by name. */
final class LoopbackConnector implements Connector {

  private final String target;

  LoopbackConnector(String target) {
    this.target = target;
  }

  @Override
  public Transport connect() {
    LoopbackConnection conn = new LoopbackConnection();
    LoopbackTransport client = new LoopbackTransport(conn, true);
    conn.client = client;
    LoopbackListener listener = LoopbackListener.find(target);
    if (listener != null) {
      LoopbackTransport server = new LoopbackTransport(conn, false);
      conn.server = server;
      // Handed over synchronously so the acceptor is installed before any stream arrives.
      listener.handOver(server);
    }
    return client;
  }

  @Override
  public String target() {
    return target;
  }
}
