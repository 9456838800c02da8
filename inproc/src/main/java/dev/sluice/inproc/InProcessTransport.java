package dev.sluice.inproc;

import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.PingCallback;
import dev.sluice.transport.StreamAcceptor;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One end of an in-process connection: both ends live in this JVM and hand metadata and messages
 * to each other without any wire format. Made in pairs by {@link InProcessConnector}; the server
 * end goes to the {@link InProcessServerListener}'s consumer.
 *
 * <h2>Threading</h2>
 *
 * <p>Both ends of a pair share one {@link dev.sluice.transport.SerializingExecutor} (over a shared
 * daemon pool, or an executor given to the connector). All state of both ends and of every stream
 * is touched only inside it, so there are no locks. The public methods only enqueue work and
 * return; callbacks are queued by that work and run inside the executor after it, never inside
 * the call that handed them over. A callback may call back into either end; that just enqueues.
 * (One exception: {@link TransportOp.SetAcceptStream} issued from inside the executor takes effect
 * at once, so a server that installs its acceptor while being handed the transport cannot miss a
 * stream the client opened in the meantime.)
 *
 * <h2>Back-pressure</h2>
 *
 * <p>Each direction of a call has a bounded queue ({@link MessagePipe}). A send completes once
 * its message is admitted to the receiver's queue: at most 8 messages
 * and 64 KiB of known length, but always one message
 * into an empty queue. A message over budget waits at the queue tail and its send completes when
 * the receiver has taken enough; a receiver that never reads stops the sender, and memory stays
 * bounded (the surface keeps at most one send in flight).
 *
 * <h2>Ownership</h2>
 *
 * <ul>
 *   <li>Metadata is copied once when sent; the receiver owns the copy.
 *   <li>A message whose marshaller is immutable is handed over as the same object; any other is
 *       turned into bytes once, and the receiver gets a new {@link
 *       dev.sluice.transport.Message} over them (it parses its own copy). The transport releases
 *       the sender's message, and every message it drops (cancel, close, a send to a server that
 *       has ended the call). A delivered message belongs to the receiver.
 *   <li>A stream stays registered with its transport until it is done (its status delivered or
 *       its failure reported, no op parked) or destroyed; after {@link #destroyStream} no callback
 *       of that stream runs.
 * </ul>
 *
 * <h2>Life</h2>
 *
 * <p>Ends report READY, then SHUTDOWN; a client to a name with no server reports
 * TRANSIENT_FAILURE and fails every stream with UNAVAILABLE. {@link #shutdown} (and GOAWAY) on
 * either end stops new streams on both and terminates each end once its streams are done. {@link
 * #close} (and DISCONNECT) on either end ends every stream of both ends with the status. Pings are
 * acknowledged at once with a round trip of 0.
 */
public final class InProcessTransport implements Transport {

  /** The two ends of a new connection. */
  record Pair(InProcessTransport client, InProcessTransport server) {}

  private static final Logger log = System.getLogger("dev.sluice.inproc");

  private final boolean client;
  private final String serverName;
  private final SerialLoop loop;
  /** Non-null for a client whose server does not exist: why every stream fails. */
  private final Status refusal;
  private final ConnectivityTracker connectivity;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final Set<InProcessStream> live = new HashSet<>();
  private InProcessTransport peer;
  private StreamAcceptor acceptor;
  private boolean shutdown;
  private boolean closed;
  private boolean terminationQueued;

  private InProcessTransport(boolean client, String serverName, SerialLoop loop, Status refusal) {
    this.client = client;
    this.serverName = Objects.requireNonNull(serverName, "serverName");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.refusal = refusal;
    this.connectivity = refusal == null
        ? new ConnectivityTracker(loop, ConnectivityState.READY, Status.OK)
        : new ConnectivityTracker(loop, ConnectivityState.TRANSIENT_FAILURE, refusal);
  }

  /** A connected client/server pair sharing {@code loop}. */
  static Pair pair(String serverName, SerialLoop loop) {
    InProcessTransport c = new InProcessTransport(true, serverName, loop, null);
    InProcessTransport s = new InProcessTransport(false, serverName, loop, null);
    c.peer = s;
    s.peer = c;
    return new Pair(c, s);
  }

  /** A client for a name no server holds: every stream fails with UNAVAILABLE. */
  static InProcessTransport unconnected(String serverName, SerialLoop loop) {
    Status why = Status.UNAVAILABLE.withDescription("no in-process server named " + serverName);
    return new InProcessTransport(true, serverName, loop, why);
  }

  SerialLoop loop() {
    return loop;
  }

  @Override
  public String name() {
    return "inproc";
  }

  @Override
  public boolean isClient() {
    return client;
  }

  @Override
  public TransportStream initStream(CallHead head) {
    Objects.requireNonNull(head, "head");
    if (!client) {
      throw new UnsupportedOperationException("Only the client end opens streams");
    }
    InProcessStream stream = new InProcessStream(this, true, head);
    loop.submit(() -> open(stream));
    return stream;
  }

  /** Loop: links a new client stream to a new server stream, or refuses it. */
  private void open(InProcessStream stream) {
    Status refused = refusalFor();
    if (refused != null) {
      // No peer end: every op of this stream completes at once with the refusal.
      stream.failure = refused;
      return;
    }
    InProcessStream serverStream = new InProcessStream(peer, false, stream.head);
    MessagePipe toServer = new MessagePipe();
    MessagePipe toClient = new MessagePipe();
    stream.link(serverStream, toClient, toServer);
    serverStream.link(stream, toServer, toClient);
    track(stream);
    peer.track(serverStream);
    StreamAcceptor a = peer.acceptor;
    loop.callback(() -> accept(a, serverStream));
  }

  /** Callback: hands a new stream to the server; a throwing acceptor must not strand the call. */
  private void accept(StreamAcceptor a, InProcessStream serverStream) {
    try {
      a.accept(serverStream, serverStream.head);
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "Stream acceptor threw; cancelling the stream", e);
      Status failed = Status.INTERNAL.withDescription("Server failed to accept the stream")
          .withCause(e);
      loop.runNow(() -> StreamMachine.cancel(serverStream, failed));
    }
  }

  private Status refusalFor() {
    if (refusal != null) {
      return refusal;
    }
    if (closed || shutdown) {
      return Status.UNAVAILABLE.withDescription("In-process transport is shut down");
    }
    if (peer.closed || peer.shutdown) {
      return Status.UNAVAILABLE.withDescription(
          "In-process server " + serverName + " is shutting down");
    }
    if (peer.acceptor == null) {
      return Status.UNAVAILABLE.withDescription(
          "In-process server " + serverName + " is not accepting streams yet");
    }
    return null;
  }

  @Override
  public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
    InProcessStream s = own(stream);
    Objects.requireNonNull(batch, "batch");
    loop.submit(() -> StreamMachine.perform(s, batch));
  }

  @Override
  public void destroyStream(TransportStream stream) {
    InProcessStream s = own(stream);
    loop.submit(() -> StreamMachine.destroy(s));
  }

  private InProcessStream own(TransportStream stream) {
    Objects.requireNonNull(stream, "stream");
    if (!(stream instanceof InProcessStream s) || s.transport != this) {
      throw new IllegalArgumentException("Stream " + stream + " does not belong to " + this);
    }
    return s;
  }

  @Override
  public void performTransportOp(TransportOp op) {
    Objects.requireNonNull(op, "op");
    if (op instanceof TransportOp.SetAcceptStream set) {
      if (client) {
        throw new IllegalStateException("A client transport accepts no streams");
      }
      Runnable install = () -> acceptor = set.acceptor();
      if (loop.inLoop()) {
        loop.runNow(install);
      } else {
        loop.submit(install);
      }
    } else if (op instanceof TransportOp.Ping ping) {
      loop.submit(() -> ping(ping.callback()));
    } else if (op instanceof TransportOp.Goaway goaway) {
      shutdown(goaway.status());
    } else if (op instanceof TransportOp.WatchConnectivity watch) {
      loop.submit(() -> connectivity.watch(watch.watcher()));
    } else if (op instanceof TransportOp.StopWatch stop) {
      loop.submit(() -> connectivity.stopWatch(stop.watcher()));
    } else if (op instanceof TransportOp.Disconnect disconnect) {
      close(disconnect.status());
    } else {
      throw new IllegalArgumentException("Unknown transport op " + op);
    }
  }

  private void ping(PingCallback callback) {
    Status failed = refusal != null ? refusal
        : closed ? Status.UNAVAILABLE.withDescription("In-process transport is closed")
        : shutdown ? Status.UNAVAILABLE.withDescription("In-process transport is shut down")
        : null;
    if (failed != null) {
      loop.callback(() -> callback.failed(failed));
    } else {
      // Nothing lies between the ends, so the round trip is nothing.
      loop.callback(() -> callback.acked(0));
    }
  }

  @Override
  public void shutdown(Status status) {
    Objects.requireNonNull(status, "status");
    loop.submit(() -> {
      Status why = status.isOk()
          ? Status.UNAVAILABLE.withDescription("In-process transport shut down") : status;
      for (InProcessTransport t : ends()) {
        t.beginShutdown(why);
      }
    });
  }

  @Override
  public void close(Status status) {
    Objects.requireNonNull(status, "status");
    loop.submit(() -> {
      Status why = status.isOk()
          ? Status.UNAVAILABLE.withDescription("In-process transport closed") : status;
      List<InProcessTransport> ends = ends();
      for (InProcessTransport t : ends) {
        t.closed = true;
      }
      for (InProcessTransport t : ends) {
        for (InProcessStream s : new ArrayList<>(t.live)) {
          StreamMachine.closeCall(s, why);
        }
      }
      for (InProcessTransport t : ends) {
        t.beginShutdown(why);
      }
    });
  }

  private List<InProcessTransport> ends() {
    return peer == null ? List.of(this) : List.of(this, peer);
  }

  private void beginShutdown(Status why) {
    shutdown = true;
    connectivity.set(ConnectivityState.SHUTDOWN, why);
    maybeTerminate();
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return termination;
  }

  @Override
  public Endpoint endpoint() {
    return null;
  }

  // ---- stream bookkeeping (loop only) ----

  private void track(InProcessStream s) {
    s.live = true;
    live.add(s);
  }

  /** Called after anything happened to {@code s}: drops it from the live set once done. */
  void streamProgressed(InProcessStream s) {
    if (s.live && s.isDone()) {
      forget(s);
    }
  }

  void forget(InProcessStream s) {
    if (s.live) {
      s.live = false;
      live.remove(s);
      maybeTerminate();
    }
  }

  private void maybeTerminate() {
    if (shutdown && live.isEmpty() && !terminationQueued) {
      terminationQueued = true;
      // Queued behind the callbacks already produced, so it completes after they ran.
      loop.callback(() -> termination.complete(null));
    }
  }

  @Override
  public String toString() {
    return "InProcessTransport{" + (client ? "client" : "server") + " " + serverName + "}";
  }
}
