package dev.sluice.inproc;

import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.Transport;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The in-process transport for a channel: connects to {@link InProcessSocketAddress}es (target
 * {@code inproc:name}) as {@link InProcessConnector} does. Found through {@link
 * java.util.ServiceLoader}, running connections on the shared daemon pool. Thread-safe.
 */
public final class InProcessTransportFactory implements ClientTransportFactory {

  private final Executor executor;

  /** Connections run on the shared daemon pool. */
  public InProcessTransportFactory() {
    this(SharedExecutor.get());
  }

  /**
   * Connections serialize their work over {@code executor}.
   *
   * @param executor runs the connections' work; the caller owns it and shuts it down
   */
  public InProcessTransportFactory(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
    if (!(address instanceof InProcessSocketAddress a)) {
      throw new IllegalArgumentException("The in-process transport cannot reach " + address);
    }
    return new InProcessConnector(a.name(), executor).connect();
  }

  /** True: in-process calls never leave the process, so nothing on a network can read them. */
  @Override
  public boolean isSecure() {
    return true;
  }

  @Override
  public boolean supportsAddress(SocketAddress address) {
    return address instanceof InProcessSocketAddress;
  }

  @Override
  public String toString() {
    return "InProcessTransportFactory";
  }
}
