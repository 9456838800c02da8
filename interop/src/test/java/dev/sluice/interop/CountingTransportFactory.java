package dev.sluice.interop;

import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client transport factory that counts, per server address, the streams the channel opened
 * on connections to that address: which server each call went to, seen from the client (a
 * connection to a port ends in the one process listening there).
 */
final class CountingTransportFactory implements ClientTransportFactory {

  private final ClientTransportFactory delegate;
  private final Map<SocketAddress, AtomicInteger> streams = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();

  CountingTransportFactory(ClientTransportFactory delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Streams opened so far on connections to {@code address}. */
  int streamsTo(SocketAddress address) {
    AtomicInteger n = streams.get(address);
    return n == null ? 0 : n.get();
  }

  /** Connection attempts made so far. */
  int connections() {
    return connections.get();
  }

  @Override
  public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
    connections.incrementAndGet();
    AtomicInteger count = streams.computeIfAbsent(address, a -> new AtomicInteger());
    return new Counting(delegate.newTransport(address, options), count);
  }

  @Override
  public boolean supportsAddress(SocketAddress address) {
    return delegate.supportsAddress(address);
  }

  @Override
  public boolean usesTls() {
    return delegate.usesTls();
  }

  /** The real transport, counting the streams it is asked to open. */
  private record Counting(Transport t, AtomicInteger count) implements Transport {
    @Override
    public String name() {
      return t.name();
    }

    @Override
    public boolean isClient() {
      return t.isClient();
    }

    @Override
    public TransportStream initStream(CallHead head) {
      count.incrementAndGet();
      return t.initStream(head);
    }

    @Override
    public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
      t.performStreamOp(stream, batch);
    }

    @Override
    public void destroyStream(TransportStream stream) {
      t.destroyStream(stream);
    }

    @Override
    public void performTransportOp(TransportOp op) {
      t.performTransportOp(op);
    }

    @Override
    public void shutdown(Status status) {
      t.shutdown(status);
    }

    @Override
    public void close(Status status) {
      t.close(status);
    }

    @Override
    public CompletableFuture<Void> terminationFuture() {
      return t.terminationFuture();
    }

    @Override
    public Endpoint endpoint() {
      return t.endpoint();
    }
  }
}
