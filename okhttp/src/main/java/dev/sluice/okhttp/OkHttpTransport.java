package dev.sluice.okhttp;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ConnectivityWatcher;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.SerializingExecutor;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A Sluice client transport over OkHttp's HTTP/2: each stream is one OkHttp call with a duplex
 * request body, and OkHttp's connection pool (one per transport) carries the calls to one
 * address. Made by {@link OkHttpTransportFactory} or {@link OkHttpConnector}.
 *
 * <h2>How it differs from Sluice's own HTTP/2 transport</h2>
 *
 * <ul>
 *   <li>OkHttp connects when the first stream starts, not before; the transport reports READY
 *       as soon as it is made. A stream that cannot get a connection fails with UNAVAILABLE, and
 *       the transport then reports TRANSIENT_FAILURE and shuts down, so a channel backs off and
 *       makes a new one.
 *   <li>OkHttp manages the connections: when the server sends GOAWAY, or its stream limit is
 *       reached, OkHttp opens another connection to the same address for new streams. So the
 *       transport stands for the address, not for one connection.
 *   <li>OkHttp has no public API to send an HTTP/2 PING: a {@link TransportOp.Ping} fails at once
 *       with UNIMPLEMENTED (UNAVAILABLE once the transport is closed). OkHttp's own keepalive
 *       ({@code OkHttpClient.Builder.pingInterval}) can still be set on the base client.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * <p>State and callbacks run on one {@link SerializingExecutor}; OkHttp's blocking reads and
 * writes run on I/O threads of their own (virtual threads on JDK 21+), never on a caller's
 * thread, and hand what they learn to the serializer.
 */
public final class OkHttpTransport implements Transport {

  private final OkHttpClient client;
  private final HttpUrl base;
  private final String authority;
  private final String userAgent;
  private final int maxInboundMessageSize;
  private final SerializingExecutor serial = new SerializingExecutor(IoThreads.shared());
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile Endpoint endpoint;

  // On the serializer only.
  private final Set<OkHttpStream> live = new HashSet<>();
  private final List<ConnectivityWatcher> watchers = new ArrayList<>();
  private ConnectivityState state = ConnectivityState.READY;
  private Status stateReason = Status.OK;
  private boolean terminating;

  OkHttpTransport(OkHttpClient.Builder clientBuilder, HttpUrl base, String authority,
      String userAgent, int maxInboundMessageSize) {
    this.base = Objects.requireNonNull(base, "base");
    this.authority = Objects.requireNonNull(authority, "authority");
    this.userAgent = userAgent;
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.client = clientBuilder.eventListener(new Listener()).build();
  }

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public boolean isClient() {
    return true;
  }

  @Override
  public TransportStream initStream(CallHead head) {
    OkHttpStream s = new OkHttpStream(this, Objects.requireNonNull(head, "head"));
    serial.execute(() -> {
      live.add(s);
      if (state == ConnectivityState.SHUTDOWN || state == ConnectivityState.TRANSIENT_FAILURE) {
        s.fail(Status.UNAVAILABLE.withDescription("The OkHttp transport to " + target()
            + " is shut down" + (stateReason.isOk() ? "" : ": " + stateReason.description())));
      }
    });
    return s;
  }

  @Override
  public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
    OkHttpStream s = own(stream);
    serial.execute(() -> s.perform(batch));
  }

  @Override
  public void destroyStream(TransportStream stream) {
    OkHttpStream s = own(stream);
    serial.execute(s::destroy);
  }

  @Override
  public void performTransportOp(TransportOp op) {
    if (op instanceof TransportOp.Ping p) {
      serial.execute(() -> p.callback().failed(state == ConnectivityState.SHUTDOWN
          ? Status.UNAVAILABLE.withDescription("The OkHttp transport is shut down")
          : Status.UNIMPLEMENTED.withDescription(
              "OkHttp's public API cannot send an HTTP/2 PING")));
    } else if (op instanceof TransportOp.WatchConnectivity w) {
      serial.execute(() -> {
        watchers.add(w.watcher());
        w.watcher().onStateChange(state, stateReason);
      });
    } else if (op instanceof TransportOp.StopWatch w) {
      serial.execute(() -> watchers.remove(w.watcher()));
    } else if (op instanceof TransportOp.Goaway g) {
      shutdown(g.status());
    } else if (op instanceof TransportOp.Disconnect d) {
      close(d.status());
    } else if (op instanceof TransportOp.SetAcceptStream) {
      throw new IllegalArgumentException("A client transport accepts no streams");
    }
  }

  @Override
  public void shutdown(Status status) {
    serial.execute(() -> {
      setState(ConnectivityState.SHUTDOWN, status);
      maybeTerminate();
    });
  }

  @Override
  public void close(Status status) {
    serial.execute(() -> {
      setState(ConnectivityState.SHUTDOWN, status);
      for (OkHttpStream s : new ArrayList<>(live)) {
        s.fail(status);
      }
      maybeTerminate();
    });
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return termination;
  }

  /** The connection of the latest stream, or null before any stream got one. */
  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public String toString() {
    return "OkHttpTransport{" + base + "}";
  }

  // ---- for streams ----

  SerializingExecutor serial() {
    return serial;
  }

  String target() {
    return base.host() + ":" + base.port();
  }

  int maxInboundMessageSize() {
    return maxInboundMessageSize;
  }

  /** Serializer: the OkHttp call for a stream whose initial metadata is {@code md}. */
  Call newCall(OkHttpStream s, Metadata md, RequestWriter body) {
    String auth = s.head.authority() != null ? s.head.authority() : authority;
    Request request = new Request.Builder()
        .url(base.newBuilder().encodedPath(s.head.path()).build())
        .headers(GrpcWire.requestHeaders(s.head, auth, userAgent, md))
        .post(body)
        .tag(OkHttpStream.class, s)
        .build();
    return client.newCall(request);
  }

  /** Serializer: {@code s} has ended and its reader is gone. */
  void streamDone(OkHttpStream s) {
    live.remove(s);
    maybeTerminate();
  }

  /** Serializer: a stream could not get a connection; a channel should make a new transport. */
  void connectFailed(Status why) {
    if (state == ConnectivityState.READY) {
      setState(ConnectivityState.TRANSIENT_FAILURE, why);
      setState(ConnectivityState.SHUTDOWN, why);
      maybeTerminate();
    }
  }

  /** Tests: cuts every connection this transport has, as a network failure would. */
  void dropConnections() throws IOException {
    for (Connection c : connections) {
      c.socket().close();
    }
  }

  private void setState(ConnectivityState next, Status reason) {
    if (state == next || state == ConnectivityState.SHUTDOWN) {
      return;
    }
    state = next;
    stateReason = reason;
    for (ConnectivityWatcher w : new ArrayList<>(watchers)) {
      w.onStateChange(next, reason);
    }
    if (next == ConnectivityState.SHUTDOWN) {
      watchers.clear();
    }
  }

  private void maybeTerminate() {
    if (state != ConnectivityState.SHUTDOWN || !live.isEmpty() || terminating) {
      return;
    }
    terminating = true;
    // Closing the idle connections may block on a socket: not on the serializer.
    IoThreads.shared().execute(() -> {
      try {
        client.connectionPool().evictAll();
      } finally {
        termination.complete(null);
      }
    });
  }

  private OkHttpStream own(TransportStream stream) {
    if (stream instanceof OkHttpStream s) {
      return s;
    }
    throw new IllegalArgumentException("Not a stream of this transport: " + stream);
  }

  /** OkHttp's events for this transport's calls: which connection each stream got. */
  private final class Listener extends EventListener {
    @Override
    public void connectionAcquired(Call call, Connection connection) {
      connections.add(connection);
      OkHttpEndpoint e = OkHttpEndpoint.of(connection, base.host());
      endpoint = e;
      OkHttpStream s = call.request().tag(OkHttpStream.class);
      if (s != null) {
        s.onConnectionAcquired(e);
      }
    }
  }
}
