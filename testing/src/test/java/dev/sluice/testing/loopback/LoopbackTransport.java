package dev.sluice.testing.loopback;

import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ConnectivityWatcher;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamAcceptor;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One end of a loopback connection: the kit's own reference transport, for testing the kit. */
final class LoopbackTransport implements Transport {

  private final LoopbackConnection conn;
  private final boolean client;
  private final Set<LoopbackHalf> streams = new HashSet<>();
  private final List<ConnectivityWatcher> watchers = new ArrayList<>();
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private StreamAcceptor acceptor;
  private boolean shutdown;
  private boolean goaway;
  private boolean terminated;
  private Status closedWith;

  LoopbackTransport(LoopbackConnection conn, boolean client) {
    this.conn = conn;
    this.client = client;
  }

  @Override
  public String name() {
    return "loopback";
  }

  @Override
  public boolean isClient() {
    return client;
  }

  private LoopbackTransport peer() {
    return client ? conn.server : conn.client;
  }

  @Override
  public TransportStream initStream(CallHead head) {
    synchronized (conn.lock) {
      LoopbackHalf c = new LoopbackHalf(this, true);
      LoopbackTransport server = peer();
      if (shutdown || server == null || server.shutdown || server.goaway
          || server.acceptor == null) {
        c.peer = new LoopbackHalf(this, false);
        c.peer.peer = c;
        c.cancelled = Status.UNAVAILABLE.withDescription("loopback transport not accepting");
        return c;
      }
      LoopbackHalf s = new LoopbackHalf(server, false);
      c.peer = s;
      s.peer = c;
      streams.add(c);
      server.streams.add(s);
      StreamAcceptor a = server.acceptor;
      conn.run(() -> a.accept(s, head));
      return c;
    }
  }

  @Override
  public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
    synchronized (conn.lock) {
      conn.perform((LoopbackHalf) stream, batch);
    }
  }

  @Override
  public void destroyStream(TransportStream stream) {
    synchronized (conn.lock) {
      LoopbackHalf h = (LoopbackHalf) stream;
      conn.cancel(h, Status.CANCELLED.withDescription("destroyed"), Status.CANCELLED);
      h.destroyed = true;
      streams.remove(h);
      maybeTerminate();
    }
  }

  @Override
  public void performTransportOp(TransportOp op) {
    synchronized (conn.lock) {
      if (op instanceof TransportOp.SetAcceptStream s) {
        acceptor = s.acceptor();
      } else if (op instanceof TransportOp.Ping p) {
        boolean closed = closedWith != null || terminated;
        conn.run(() -> {
          if (closed) {
            p.callback().failed(Status.UNAVAILABLE);
          } else {
            p.callback().acked(0);
          }
        });
      } else if (op instanceof TransportOp.Goaway) {
        goaway = true;
      } else if (op instanceof TransportOp.WatchConnectivity w) {
        ConnectivityState now = terminated || shutdown ? ConnectivityState.SHUTDOWN
            : ConnectivityState.READY;
        if (now != ConnectivityState.SHUTDOWN) {
          watchers.add(w.watcher());
        }
        conn.run(() -> w.watcher().onStateChange(now, Status.OK));
      } else if (op instanceof TransportOp.StopWatch s) {
        watchers.remove(s.watcher());
      } else if (op instanceof TransportOp.Disconnect d) {
        close(d.status());
      }
    }
  }

  @Override
  public void shutdown(Status status) {
    synchronized (conn.lock) {
      if (!shutdown) {
        shutdown = true;
        for (ConnectivityWatcher w : watchers) {
          conn.run(() -> w.onStateChange(ConnectivityState.SHUTDOWN, status));
        }
        watchers.clear();
      }
      maybeTerminate();
    }
  }

  @Override
  public void close(Status status) {
    synchronized (conn.lock) {
      if (closedWith != null) {
        return;
      }
      closedWith = status;
      for (LoopbackHalf h : List.copyOf(streams)) {
        conn.cancel(h, status, Status.UNAVAILABLE.withDescription("peer closed"));
      }
      shutdown(status);
      LoopbackTransport p = peer();
      if (p != null) {
        p.close(Status.UNAVAILABLE.withDescription("peer closed"));
      }
    }
  }

  void maybeTerminate() {
    if (shutdown && !terminated && streams.stream().allMatch(LoopbackHalf::finished)) {
      terminated = true;
      conn.run(() -> termination.complete(null));
    }
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return termination;
  }

  @Override
  public Endpoint endpoint() {
    return null;
  }
}
