package dev.sluice.inproc;

import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A server's in-process "port": a name in a JVM-wide registry. {@link InProcessConnector}s for
 * that name make a transport pair and hand the server end to this listener's consumer.
 *
 * <p>Thread-safe.
 */
public final class InProcessServerListener implements ServerListener {

  private final String name;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile Consumer<Transport> onTransport;
  private volatile boolean stopped;

  /**
   * A listener for {@code name}; it takes the name when started.
   *
   * @param name the name clients connect to; unique among the listeners running in this JVM
   */
  public InProcessServerListener(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public synchronized void start(Consumer<Transport> onTransport) throws IOException {
    Objects.requireNonNull(onTransport, "onTransport");
    if (this.onTransport != null || stopped) {
      throw new IllegalStateException("In-process listener " + name + " was already started");
    }
    // Set before registering, so a connector never finds a registered listener without one.
    this.onTransport = onTransport;
    if (!InProcessRegistry.register(name, this)) {
      this.onTransport = null;
      throw new IOException("In-process server name '" + name + "' is already in use");
    }
  }

  @Override
  public String address() {
    return "inproc:" + name;
  }

  /**
   * The registered name.
   *
   * @return the name given to the constructor
   */
  public String name() {
    return name;
  }

  @Override
  public void shutdown() {
    stopped = true;
    InProcessRegistry.unregister(name, this);
    termination.complete(null);
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return termination;
  }

  /**
   * On the new transport's loop: gives {@code server} to the server. False when this listener
   * stopped in the meantime; the caller then closes the pair.
   */
  boolean handOver(Transport server) {
    Consumer<Transport> consumer = onTransport;
    if (consumer == null || stopped) {
      return false;
    }
    consumer.accept(server);
    return true;
  }

  @Override
  public String toString() {
    return "InProcessServerListener{" + address() + (stopped ? ", stopped" : "") + "}";
  }
}
