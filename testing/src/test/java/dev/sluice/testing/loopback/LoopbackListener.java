package dev.sluice.testing.loopback;

import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Registers a loopback name; connectors to that name get a connected transport pair. */
final class LoopbackListener implements ServerListener {

  private static final Map<String, LoopbackListener> REGISTRY = new ConcurrentHashMap<>();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final String name = "loopback:" + NAMES.incrementAndGet();
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile Consumer<Transport> onTransport;

  @Override
  public void start(Consumer<Transport> onTransport) throws IOException {
    this.onTransport = onTransport;
    REGISTRY.put(name, this);
  }

  @Override
  public String address() {
    return name;
  }

  @Override
  public void shutdown() {
    REGISTRY.remove(name, this);
    termination.complete(null);
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return termination;
  }

  static LoopbackListener find(String name) {
    return REGISTRY.get(name);
  }

  void handOver(Transport server) {
    onTransport.accept(server);
  }
}
