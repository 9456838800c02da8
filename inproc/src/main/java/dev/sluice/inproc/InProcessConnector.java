package dev.sluice.inproc;

import dev.sluice.Status;
import dev.sluice.transport.Connector;
import dev.sluice.transport.SerializingExecutor;
import dev.sluice.transport.Transport;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Connects to the {@link InProcessServerListener} registered under a name. Each {@link #connect}
 * makes a new transport pair on its own serializing executor, gives the server end to the
 * listener and returns the client end. With no listener under the name, the client end reports
 * TRANSIENT_FAILURE and fails every stream with UNAVAILABLE.
 *
 * <p>Thread-safe.
 */
public final class InProcessConnector implements Connector {

  private final String name;
  private final Executor executor;

  /**
   * A connector for the server named {@code name} (or its address, {@code inproc:name}), running
   * its connections on a shared daemon pool.
   *
   * @param name the name the server's {@link InProcessServerListener} registered
   */
  public InProcessConnector(String name) {
    this(name, SharedExecutor.get());
  }

  /**
   * A connector for {@code name} running its connections on {@code executor} (each connection
   * serializes its own work over it).
   *
   * @param name the name the server's {@link InProcessServerListener} registered
   * @param executor runs the connections' work; the caller owns it and shuts it down
   */
  public InProcessConnector(String name, Executor executor) {
    Objects.requireNonNull(name, "name");
    // Accept the listener's address form too.
    this.name = name.startsWith("inproc:") ? name.substring("inproc:".length()) : name;
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public Transport connect() {
    SerialLoop loop = new SerialLoop(new SerializingExecutor(executor));
    InProcessServerListener listener = InProcessRegistry.lookup(name);
    if (listener == null) {
      return InProcessTransport.unconnected(name, loop);
    }
    InProcessTransport.Pair pair = InProcessTransport.pair(name, loop);
    // Queued before anything the client can do with the transport we return, so the server
    // installs its acceptor before the first stream arrives.
    loop.submitCallback(() -> {
      if (!listener.handOver(pair.server())) {
        pair.server().close(
            Status.UNAVAILABLE.withDescription("no in-process server named " + name));
      }
    });
    return pair.client();
  }

  /** True: in-process calls never leave the process, so nothing on a network can read them. */
  @Override
  public boolean isSecure() {
    return true;
  }

  @Override
  public String target() {
    return "inproc:" + name;
  }

  @Override
  public String toString() {
    return "InProcessConnector{" + target() + "}";
  }
}
