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
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
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
 *       the transport then reports TRANSIENT_FAILURE and shuts down. A channel takes that for a
 *       ready connection that ended and makes a new transport at once, so the factory's next
 *       transport to that address starts in TRANSIENT_FAILURE with the same reason: the channel
 *       backs off, and the transport after the backoff tries to connect again.
 *   <li>OkHttp manages the connections: when the server sends GOAWAY, or its stream limit is
 *       reached, OkHttp opens another connection to the same address for new streams. So the
 *       transport stands for the address, not for one connection. OkHttp does not tell when a
 *       GOAWAY arrives; the transport learns of it when a stream is refused, and then shuts
 *       down (its streams go on), so a channel retries that call on a new transport.
 *   <li>OkHttp has no public API to send an HTTP/2 PING: a {@link TransportOp.Ping} fails at once
 *       with UNIMPLEMENTED (UNAVAILABLE once the transport is closed). OkHttp's own keepalive
 *       ({@code OkHttpClient.Builder.pingInterval}) can still be set on the base client.
 * </ul>
 *
 * <h2>Statistics</h2>
 *
 * <p>Each stream's {@link dev.sluice.transport.StreamStats} counts what this transport itself
 * sees above OkHttp: the request and response header lists and trailers by their RFC 7541 §4.1
 * size (name + value + 32 per field; {@code headerBytes*}), the DATA bytes it wrote and read (each
 * message's 5-byte prefix included; {@code dataBytes*}), messages both ways, the first and last
 * byte times as it handed bytes to OkHttp or got them from it, one "frame" per header list or
 * write it made, and the connection ({@code endpoint()}: addresses and the TLS session). What
 * OkHttp's public API does not expose, and so is not counted:
 *
 * <ul>
 *   <li>HTTP/2 frames as they went on the wire (how OkHttp split DATA into frames, CONTINUATION,
 *       WINDOW_UPDATE, PING, SETTINGS, RST_STREAM), so {@code framingBytes*} stay 0;
 *   <li>HPACK-encoded header sizes;
 *   <li>flow-control stalls ({@code flowControlStalls} stays 0) and window sizes;
 *   <li>the stream id, the peer's SETTINGS (MAX_CONCURRENT_STREAMS among them) and GOAWAY frames;
 *   <li>a RST_STREAM code from the server other than as the text of OkHttp's exception, which is
 *       how the transport reads it (REFUSED_STREAM marks the stream unprocessed).
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * <p>State and callbacks run on one {@link SerializingExecutor}; OkHttp's blocking reads and
 * writes run on I/O threads of their own (virtual threads on JDK 24+), never on a caller's
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
  private final InetSocketAddress address;
  private final ConnectFailures connectFailures;
  private volatile Endpoint endpoint;

  // On the serializer only.
  private final Set<OkHttpStream> live = new HashSet<>();
  private final List<ConnectivityWatcher> watchers = new ArrayList<>();
  private ConnectivityState state = ConnectivityState.READY;
  private Status stateReason = Status.OK;
  private boolean terminating;
  /** Calls running in OkHttp, at most maxConcurrentCalls; the others wait here, in order. */
  private int activeCalls;
  private final ArrayDeque<OkHttpStream> waitingForSlot = new ArrayDeque<>();
  private final int maxConcurrentCalls;

  OkHttpTransport(OkHttpClient.Builder clientBuilder, HttpUrl base, String authority,
      String userAgent, int maxInboundMessageSize, int maxConcurrentCalls,
      InetSocketAddress address, ConnectFailures connectFailures) {
    this.maxConcurrentCalls = maxConcurrentCalls;
    this.address = Objects.requireNonNull(address, "address");
    this.connectFailures = Objects.requireNonNull(connectFailures, "connectFailures");
    this.base = Objects.requireNonNull(base, "base");
    this.authority = Objects.requireNonNull(authority, "authority");
    this.userAgent = userAgent;
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.client = clientBuilder.eventListener(new Listener()).build();
    Status lastFailure = connectFailures.take(address);
    if (lastFailure != null) {
      // The previous transport to this address could not connect: report that, as a transport
      // whose connection attempt failed does, so a channel backs off before the next attempt
      // (see ConnectFailures for the retry storm this prevents).
      state = ConnectivityState.TRANSIENT_FAILURE;
      stateReason = lastFailure;
      serial.execute(() -> {
        setState(ConnectivityState.SHUTDOWN, lastFailure);
        maybeTerminate();
      });
    }
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

  /**
   * Serializer: true when {@code s} may start its OkHttp call now; else it waits for a slot and
   * {@link OkHttpStream#launch()} runs when one frees. OkHttp does not expose the server's
   * SETTINGS_MAX_CONCURRENT_STREAMS, and before they arrive it opens every stream asked for, so
   * a burst above the server's limit would be refused (RFC 9113 §5.1.2): the transport keeps its
   * own limit instead, as Sluice's HTTP/2 client queues streams beyond the peer's.
   */
  boolean acquireSlot(OkHttpStream s) {
    if (activeCalls < maxConcurrentCalls) {
      activeCalls++;
      return true;
    }
    waitingForSlot.add(s);
    return false;
  }

  /** Serializer: a call ended; the next waiting stream that still wants one gets its slot. */
  void releaseSlot() {
    activeCalls--;
    while (activeCalls < maxConcurrentCalls && !waitingForSlot.isEmpty()) {
      OkHttpStream next = waitingForSlot.poll();
      if (next.launchable()) {
        activeCalls++;
        next.launch();
      }
    }
  }

  /** Serializer: {@code s} has ended and its reader is gone. */
  void streamDone(OkHttpStream s) {
    live.remove(s);
    maybeTerminate();
  }

  /** Serializer: a stream could not get a connection; a channel should make a new transport. */
  void connectFailed(Status why) {
    connectFailures.record(address, why);
    if (state == ConnectivityState.READY) {
      setState(ConnectivityState.TRANSIENT_FAILURE, why);
      setState(ConnectivityState.SHUTDOWN, why);
      maybeTerminate();
    }
  }

  /**
   * Serializer: the server refused a stream (REFUSED_STREAM, or a GOAWAY that stream was above or
   * came before it). The transport goes away as one that received a GOAWAY does: its streams go
   * on, and it takes no new ones. A channel retries a refused call transparently on another
   * transport than the one that refused it, so one that stayed READY would leave that retry
   * waiting for as long as it stays (OkHttp does not say when a GOAWAY arrives); once it is
   * SHUTDOWN the channel makes a new transport, which connects anew.
   */
  void streamRefused(Status why) {
    if (state == ConnectivityState.READY) {
      setState(ConnectivityState.SHUTDOWN, Status.UNAVAILABLE.withDescription(
          "The server at " + target() + " refused a stream (GOAWAY or REFUSED_STREAM, RFC 9113"
              + " §6.8, §8.7): new calls go to a new connection").withCause(why.cause()));
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
      connectFailures.reached(address);
      OkHttpEndpoint e = OkHttpEndpoint.of(connection, base.host());
      endpoint = e;
      OkHttpStream s = call.request().tag(OkHttpStream.class);
      if (s != null) {
        s.onConnectionAcquired(e);
      }
    }
  }
}
