package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.grpc.MessageDeframer;
import dev.sluice.transport.CallHead;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The streams of one connection: which ids are open, which client streams wait for a
 * concurrency slot, which streams the application still holds, the ids used so far (RFC 9113
 * §5.1.1) and the peer's limit on concurrent streams (§5.1.2). Makes streams and removes them.
 * Runs on the connection's thread only.
 */
final class StreamRegistry {

  /** The initial flow-control window of RFC 9113 §6.9.2, before any SETTINGS. */
  static final int DEFAULT_WINDOW = 65_535;

  private final Http2Connection conn;
  /** Streams open on the wire, by id: what counts against concurrency. */
  private final IntObjectHashMap<H2Stream> open = new IntObjectHashMap<>();
  /** Client streams waiting for a concurrency slot, in the order they were started. */
  private final ArrayDeque<H2Stream> waiting = new ArrayDeque<>();
  /** Every stream not yet removed, started or not: what a connection close must end. */
  private final Set<H2Stream> live = new LinkedHashSet<>();
  /** Streams that left {@link #open} lately, for frames that arrive after (RFC 9113 §5.1). */
  private final ClosedStreams closed = new ClosedStreams();

  /**
   * Until the peer's first SETTINGS arrives we assume the common limit of 100 rather than none,
   * so a burst of calls at connect time is not refused wholesale.
   */
  private long peerMaxConcurrentStreams = 100;
  private boolean peerSettingsSeen;
  private int nextStreamId;
  private int lastPeerStreamId;
  private int goawayLastStreamId = Integer.MAX_VALUE;
  private boolean goawayReceived;

  StreamRegistry(Http2Connection conn) {
    this.conn = conn;
    this.nextStreamId = conn.client ? 1 : 2;
  }

  // ---------------------------------------------------------------- making streams

  /** A client stream for a new call; it gets its id when it starts. */
  H2Stream newClientStream(CallHead head) {
    H2Stream s = new H2Stream(true, head, DEFAULT_WINDOW, conn.inData.localInitialWindow(),
        new MessageDeframer(conn.alloc, conn.config.maxMessageSize()));
    s.stats.endpoint(conn.endpoint());
    return s;
  }

  /** A server stream for the request that opened stream {@code id}; registered as open. */
  H2Stream openServerStream(int id, CallHead head) {
    H2Stream s = new H2Stream(false, head, conn.outbound.peerInitialWindow(),
        conn.inData.localInitialWindow(),
        new MessageDeframer(conn.alloc, conn.config.maxMessageSize()));
    s.id = id;
    s.state = StreamState.IDLE.onRecvHeaders(false);
    s.stats.endpoint(conn.endpoint());
    open.put(id, s);
    live.add(s);
    conn.onStreamOpened();
    return s;
  }

  /**
   * Server: a stream for the plain HTTP answer to a request that is not gRPC. It counts against
   * concurrency like any stream until both sides have ended it (RFC 9113 §5.1.2), but no call
   * holds it.
   */
  H2Stream openPlainAnswer(int id) {
    H2Stream s = new H2Stream(false, PLAIN_ANSWER, conn.outbound.peerInitialWindow(),
        conn.inData.localInitialWindow(),
        new MessageDeframer(conn.alloc, conn.config.maxMessageSize()));
    s.id = id;
    s.plainAnswer = true;
    s.state = StreamState.IDLE.onRecvHeaders(false);
    open.put(id, s);
    return s;
  }

  private static final CallHead PLAIN_ANSWER = new CallHead("(plain HTTP answer)", null, null);

  // ---------------------------------------------------------------- looking up

  /** The open stream with this id, or null. */
  H2Stream get(int id) {
    return open.get(id);
  }

  /** How many streams are open on the wire. */
  int openCount() {
    return open.size();
  }

  /** The open streams, for iteration that does not open or close any. */
  Iterable<H2Stream> openStreams() {
    return open.values();
  }

  /** A copy of the open streams, for iteration that may close some. */
  List<H2Stream> openSnapshot() {
    return new ArrayList<>(open.values());
  }

  /** True when no stream is open or waiting. */
  boolean isIdle() {
    return open.isEmpty() && waiting.isEmpty();
  }

  boolean isWaiting(H2Stream s) {
    return waiting.contains(s);
  }

  int lastPeerStreamId() {
    return lastPeerStreamId;
  }

  void peerOpened(int id) {
    lastPeerStreamId = id;
  }

  /** True when a stream with this id was never opened here (RFC 9113 §5.1 "idle"). */
  boolean neverOpened(int id) {
    return conn.client ? id >= nextStreamId : id > lastPeerStreamId;
  }

  /** What a frame on stream {@code id}, which is not open, calls for (RFC 9113 §5.1). */
  ClosedStreams.LateFrame lateFrame(int id) {
    return closed.lookup(id);
  }

  /** Remembers that a stream that never opened here (refused, answered at once) was closed. */
  void recordClosed(int id, ClosedStreams.LateFrame kind) {
    closed.record(id, kind);
  }

  /**
   * Starts tracking {@code s} as held by the application.
   *
   * @return true when it was not tracked before
   */
  boolean track(H2Stream s) {
    return !s.removed && live.add(s);
  }

  // ---------------------------------------------------------------- client concurrency

  /** Client: gives a stream its id and sends its HEADERS, or queues it for concurrency. */
  void startClientStream(H2Stream s) {
    if (conn.end.isShuttingDown() || goawayReceived) {
      conn.closer.close(s, Status.UNAVAILABLE.withDescription(conn.end.isShuttingDown()
          ? "Transport is shutting down" : "The server sent GOAWAY; start the call again"));
      return;
    }
    if (open.size() >= peerMaxConcurrentStreams || !conn.isStarted()) {
      waiting.add(s);
      return;
    }
    if (nextStreamId < 0) {
      conn.closer.close(s,
          Status.UNAVAILABLE.withDescription("Stream ids exhausted on this connection"));
      return;
    }
    s.id = nextStreamId;
    nextStreamId += 2;
    // The peer's SETTINGS may have changed the initial window since the stream was made.
    s.sendWindow.reset(conn.outbound.peerInitialWindow());
    open.put(s.id, s);
    conn.onStreamOpened(); // before the HEADERS: a keepalive ping due now goes out first
    conn.outbound.flush(s);
  }

  /** Starts queued client streams while concurrency allows. */
  void startWaitingStreams() {
    while (!waiting.isEmpty() && open.size() < peerMaxConcurrentStreams && conn.isStarted()) {
      startClientStream(waiting.poll());
    }
  }

  void failWaitingStreams(Status status) {
    H2Stream s;
    while ((s = waiting.poll()) != null) {
      conn.closer.close(s, status);
    }
  }

  /** The peer's SETTINGS: its MAX_CONCURRENT_STREAMS, or no limit if its first has none. */
  void applyPeerSettings(Http2Settings settings) {
    if (settings.has(Http2Settings.MAX_CONCURRENT_STREAMS)) {
      peerMaxConcurrentStreams = settings.get(Http2Settings.MAX_CONCURRENT_STREAMS);
    } else if (!peerSettingsSeen) {
      peerMaxConcurrentStreams = Integer.MAX_VALUE; // the peer sets no limit (RFC 9113 §6.5.2)
    }
    peerSettingsSeen = true;
  }

  /** The peer sent GOAWAY: no new stream starts here from now on. */
  void goawayReceived(int lastStreamId) {
    goawayReceived = true;
    goawayLastStreamId = Math.min(goawayLastStreamId, lastStreamId);
  }

  // ---------------------------------------------------------------- removing streams

  /** Removes a stream that is closed both ways and whose final callback has run. */
  void maybeRemove(H2Stream s) {
    if (s.state == StreamState.CLOSED
        && (s.plainAnswer || s.finalDelivered && !s.hasPendingOps())) {
      remove(s);
    } else if (s.state == StreamState.CLOSED && s.id != 0 && open.get(s.id) == s) {
      // Closed on the wire: it no longer counts against concurrency.
      releaseSlot(s);
      conn.end.maybeFinishShutdown();
    }
  }

  /** Takes a stream that ended before it started out of the wait queue. */
  void unqueue(H2Stream s) {
    waiting.remove(s);
  }

  /** A stream ended: it no longer counts against concurrency. */
  void releaseSlot(H2Stream s) {
    if (s.id != 0 && open.get(s.id) == s) {
      open.remove(s.id);
      closed.record(s);
      if (open.isEmpty()) {
        conn.onStreamsIdle();
      }
      if (conn.client) {
        startWaitingStreams();
      }
    }
  }

  void remove(H2Stream s) {
    if (s.removed) {
      return;
    }
    s.removed = true;
    live.remove(s);
    waiting.remove(s);
    if (s.id != 0 && open.get(s.id) == s) {
      open.remove(s.id);
      closed.record(s);
      if (open.isEmpty()) {
        conn.onStreamsIdle();
      }
    }
    releaseBuffers(s);
    if (conn.client) {
      startWaitingStreams();
    }
    conn.end.maybeFinishShutdown();
  }

  static void releaseBuffers(H2Stream s) {
    ByteBuf b;
    while ((b = s.outbound.poll()) != null) {
      b.release();
    }
    s.deframer.close();
  }

  /** A copy of every stream the application holds, for a connection close. */
  List<H2Stream> liveSnapshot() {
    return new ArrayList<>(live);
  }

  /** Frees the buffers of streams still referenced (the connection is gone). */
  void releaseAll() {
    for (H2Stream s : liveSnapshot()) {
      releaseBuffers(s);
    }
    for (H2Stream s : openSnapshot()) {
      releaseBuffers(s);
    }
    open.clear();
  }
}
