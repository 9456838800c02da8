package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.grpc.MessageDeframer;
import dev.sluice.h2.grpc.MessageFramer;
import dev.sluice.h2.grpc.RequestHeaders;
import dev.sluice.h2.grpc.ResponseHeaders;
import dev.sluice.h2.grpc.StatusMapping;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HeaderListTooLargeException;
import dev.sluice.h2.hpack.HeaderListener;
import dev.sluice.h2.hpack.HpackDecoder;
import dev.sluice.h2.hpack.HpackEncoder;
import dev.sluice.h2.hpack.HpackException;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamAcceptor;
import dev.sluice.transport.StreamOpBatch;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams of one connection and the gRPC semantics of each: op slots, HEADERS and DATA in
 * both directions, flow control, and the end of a stream by trailers, reset or connection close.
 * Runs on the connection's thread only.
 */
final class StreamEngine {

  private static final int DEFAULT_WINDOW = 65_535;
  /** The largest stream window BDP estimation grows to. */
  private static final int MAX_BDP_WINDOW = 16 << 20;

  private final Http2Connection conn;
  private final IntObjectHashMap<H2Stream> streams = new IntObjectHashMap<>();
  private final ArrayDeque<H2Stream> waiting = new ArrayDeque<>();
  /** Every stream not yet removed, started or not: what a connection close must end. */
  private final java.util.Set<H2Stream> live = new java.util.LinkedHashSet<>();
  private final HpackEncoder encoder = new HpackEncoder();
  private final HpackDecoder decoder;
  private final SendWindow connSendWindow = new SendWindow(DEFAULT_WINDOW);
  private final FlowWindow connRecvWindow = new FlowWindow(DEFAULT_WINDOW);
  private final ResetRateLimiter resets;
  private final BdpEstimator bdp;
  /** Our SETTINGS_INITIAL_WINDOW_SIZE as it stands (BDP estimation raises it). */
  private int localInitialWindow;
  private StreamAcceptor acceptor;

  /**
   * Until the peer's first SETTINGS arrives we assume the common limit of 100 rather than none,
   * so a burst of calls at connect time is not refused wholesale.
   */
  private long peerMaxConcurrentStreams = 100;
  private boolean peerSettingsSeen;
  private long peerInitialWindow = DEFAULT_WINDOW;
  private long peerMaxHeaderListSize = Long.MAX_VALUE;
  private int nextStreamId;
  private int lastPeerStreamId;
  private int goawayLastStreamId = Integer.MAX_VALUE;
  private boolean goawayReceived;

  StreamEngine(Http2Connection conn) {
    this.conn = conn;
    this.nextStreamId = conn.client ? 1 : 2;
    this.decoder = new HpackDecoder(HpackDecoder.DEFAULT_MAX_TABLE_SIZE,
        conn.config.maxHeaderListSize());
    this.localInitialWindow = conn.config.initialStreamWindow();
    this.bdp = new BdpEstimator(localInitialWindow, MAX_BDP_WINDOW);
    this.resets = new ResetRateLimiter(conn.config.resetBurst(), conn.config.resetsPerSecond(),
        System.nanoTime());
  }

  // ================================================================ life of streams

  H2Stream newClientStream(CallHead head) {
    return new H2Stream(true, head, DEFAULT_WINDOW, localInitialWindow,
        new MessageDeframer(conn.alloc, conn.config.maxMessageSize()));
  }

  void setAcceptor(StreamAcceptor a) {
    this.acceptor = a;
  }

  int lastPeerStreamId() {
    return lastPeerStreamId;
  }

  /** True when no stream is open or waiting. */
  boolean isIdle() {
    return streams.isEmpty() && waiting.isEmpty();
  }

  int growConnectionWindow(int size) {
    return connRecvWindow.growTo(size);
  }

  /** Client: gives a stream its id and sends its HEADERS, or queues it for concurrency. */
  private void startClientStream(H2Stream s) {
    if (conn.isShuttingDown() || goawayReceived) {
      close(s, Status.UNAVAILABLE.withDescription(conn.isShuttingDown()
          ? "Transport is shutting down" : "The server sent GOAWAY; start the call again"), -1);
      return;
    }
    if (streams.size() >= peerMaxConcurrentStreams || !conn.isStarted()) {
      waiting.add(s);
      return;
    }
    if (nextStreamId < 0) {
      close(s, Status.UNAVAILABLE.withDescription("Stream ids exhausted on this connection"), -1);
      return;
    }
    s.id = nextStreamId;
    nextStreamId += 2;
    // The peer's SETTINGS may have changed the initial window since the stream was made.
    s.sendWindow.reset(peerInitialWindow);
    streams.put(s.id, s);
    flush(s);
  }

  /** Starts queued client streams while concurrency allows. */
  void startWaitingStreams() {
    while (!waiting.isEmpty() && streams.size() < peerMaxConcurrentStreams
        && conn.isStarted()) {
      startClientStream(waiting.poll());
    }
  }

  void failWaitingStreams(Status status) {
    H2Stream s;
    while ((s = waiting.poll()) != null) {
      close(s, status, -1);
    }
  }

  void destroy(H2Stream s) {
    if (s.destroyed) {
      return;
    }
    if (s.state != StreamState.CLOSED || s.hasPendingOps() || !s.finalDelivered) {
      cancel(s, Status.CANCELLED.withDescription("Stream destroyed before it ended"));
    }
    s.destroyed = true;
    remove(s);
  }

  private void remove(H2Stream s) {
    if (s.removed) {
      return;
    }
    s.removed = true;
    live.remove(s);
    waiting.remove(s);
    if (s.id != 0 && streams.get(s.id) == s) {
      streams.remove(s.id);
    }
    releaseBuffers(s);
    if (conn.client) {
      startWaitingStreams();
    }
    conn.maybeFinishShutdown();
  }

  private static void releaseBuffers(H2Stream s) {
    ByteBuf b;
    while ((b = s.outbound.poll()) != null) {
      b.release();
    }
    s.deframer.close();
  }

  /** Removes a stream that is closed both ways and whose final callback has run. */
  private void maybeRemove(H2Stream s) {
    if (s.state == StreamState.CLOSED && s.finalDelivered && !s.hasPendingOps()) {
      remove(s);
    } else if (s.state == StreamState.CLOSED && s.id != 0 && streams.get(s.id) == s) {
      // Closed on the wire: it no longer counts against concurrency.
      streams.remove(s.id);
      if (conn.client) {
        startWaitingStreams();
      }
      conn.maybeFinishShutdown();
    }
  }

  // ================================================================ batches

  void perform(H2Stream s, StreamOpBatch b) {
    int parts = (b.hasSendInitialMetadata() ? 1 : 0) + (b.hasSendMessage() ? 1 : 0)
        + (b.hasSendTrailingMetadata() ? 1 : 0) + (b.hasCancel() ? 1 : 0);
    BatchBarrier barrier = parts > 0 ? new BatchBarrier(b.onComplete(), parts) : null;
    if (s.destroyed) {
      b.failWith(Status.CANCELLED.withDescription("Stream was destroyed"));
      return;
    }
    if (!s.removed && live.add(s)) {
      Status closed = conn.closedStatus();
      if (closed != null && s.cancelStatus == null) {
        close(s, closed, -1);
      }
    }
    if (b.hasCancel()) {
      cancel(s, b.cancelStatus());
      barrier.done(Status.OK);
    }
    if (s.cancelStatus != null) {
      failAfterClose(s, b, barrier);
      return;
    }
    if (b.hasRecvInitialMetadata()) {
      s.recvInitial = b.recvInitialMetadataReady();
    }
    if (b.hasRecvMessage()) {
      s.recvMessage = b.recvMessageReady();
    }
    if (b.hasRecvTrailingMetadata()) {
      s.recvTrailing = b.recvTrailingMetadataReady();
    }
    boolean writeClosed = s.trailersSent || s.client && s.readClosed;
    // After the server ended the call, a client's sends have no effect: they complete OK when
    // the call succeeded, and fail with its status when it did not.
    Status lateSend = s.client && s.finalStatus != null && !s.finalStatus.isOk()
        ? s.finalStatus : Status.OK;
    if (b.hasSendInitialMetadata()) {
      if (writeClosed) {
        barrier.done(Status.INTERNAL.withDescription(
            "Attempt to send initial metadata after the stream was closed"));
      } else {
        s.headersToSend = b.sendInitialMetadata();
        s.headersBarrier = barrier;
      }
    }
    if (b.hasSendMessage()) {
      Message m = b.sendMessage();
      if (writeClosed) {
        m.release();
        barrier.done(lateSend);
      } else {
        s.outbound.add(MessageFramer.frame(m, conn.alloc));
        s.stats.recordMessageSent();
        s.messageBarrier = barrier;
      }
    }
    if (b.hasSendTrailingMetadata()) {
      if (writeClosed) {
        barrier.done(lateSend);
      } else {
        s.trailersToSend = b.sendTrailingMetadata();
        s.statusToSend = b.sendStatus();
        s.trailersBarrier = barrier;
      }
    }
    if (b.hasSendInitialMetadata() && s.client && s.id == 0 && !writeClosed
        && !waiting.contains(s)) {
      startClientStream(s);
    } else {
      flush(s);
    }
    deliver(s);
  }

  /** Completes every op of a batch on a stream that was already cancelled or reset. */
  private void failAfterClose(H2Stream s, StreamOpBatch b, BatchBarrier barrier) {
    Status status = s.cancelStatus;
    if (b.hasSendMessage()) {
      b.sendMessage().release();
    }
    int sends = (b.hasSendInitialMetadata() ? 1 : 0) + (b.hasSendMessage() ? 1 : 0)
        + (b.hasSendTrailingMetadata() ? 1 : 0);
    for (int i = 0; i < sends; i++) {
      barrier.done(status);
    }
    if (b.hasRecvInitialMetadata()) {
      b.recvInitialMetadataReady().ready(s.headersDelivered ? null : s.receivedHeaders);
    }
    if (b.hasRecvMessage()) {
      b.recvMessageReady().ready(null);
    }
    if (b.hasRecvTrailingMetadata()) {
      s.finalDelivered = true;
      b.recvTrailingMetadataReady().ready(
          s.receivedTrailers == null ? new Metadata() : s.receivedTrailers, s.finalStatus);
    }
    maybeRemove(s);
  }

  // ================================================================ sending

  /** Writes whatever the stream may send now: headers, DATA within the windows, trailers. */
  void flush(H2Stream s) {
    if (s.cancelStatus != null || s.trailersSent) {
      return;
    }
    if (s.client && s.id == 0) {
      return; // waiting for a stream id
    }
    if (s.headersToSend != null) {
      List<HeaderField> fields = outgoingFields();
      if (s.client) {
        RequestHeaders.encode(s.head, conn.scheme, conn.defaultAuthority, s.headersToSend, fields);
      } else {
        ResponseHeaders.encodeHeaders(s.headersToSend, fields);
      }
      s.headersToSend = null;
      if (!writeHeaders(s, fields, false)) {
        return;
      }
      s.headersSent = true;
      BatchBarrier b = s.headersBarrier;
      s.headersBarrier = null;
      b.done(Status.OK);
    }
    if (!s.headersSent) {
      if (s.client || s.trailersToSend == null || s.outbound.isEmpty()) {
        // A server with trailers and nothing else to send answers trailers-only below.
        if (s.client || s.trailersToSend == null) {
          return;
        }
      } else {
        // Messages need response headers in front of them.
        List<HeaderField> fields = outgoingFields();
        ResponseHeaders.encodeHeaders(new Metadata(), fields);
        if (!writeHeaders(s, fields, false)) {
          return;
        }
        s.headersSent = true;
      }
    }
    boolean endOnData = false;
    while (!s.outbound.isEmpty() && conn.isWritable()) {
      long window = Math.min(connSendWindow.available(), s.sendWindow.available());
      int n = (int) Math.min(window, conn.writer.maxFrameSize());
      ByteBuf head = s.outbound.peek();
      if (n <= 0) {
        s.stats.recordFlowControlStall();
        break;
      }
      n = Math.min(n, head.readableBytes());
      boolean last = n == head.readableBytes() && s.outbound.size() == 1;
      // A client half-close rides on the last DATA frame when it is already queued.
      boolean endStream = last && s.client && s.trailersToSend != null;
      if (n >= ZERO_COPY_DATA) {
        conn.writer.dataHeader(conn.out(), s.id, n, endStream);
        conn.appendPayload(head.readRetainedSlice(n));
      } else {
        conn.writer.data(conn.out(), s.id, head, n, endStream);
        head.skipBytes(n);
      }
      connSendWindow.consume(n);
      s.sendWindow.consume(n);
      s.stats.recordSent(0, n, 9);
      conn.pings.onDataSent();
      if (!head.isReadable()) {
        s.outbound.poll().release();
      }
      if (endStream) {
        endOnData = true;
        break;
      }
    }
    if (s.outbound.isEmpty() && s.messageBarrier != null) {
      BatchBarrier b = s.messageBarrier;
      s.messageBarrier = null;
      b.done(Status.OK);
    }
    if (s.trailersToSend != null && s.outbound.isEmpty()) {
      sendTrailers(s, endOnData);
    }
  }

  private void sendTrailers(H2Stream s, boolean alreadyEnded) {
    if (s.client) {
      if (!alreadyEnded) {
        conn.writer.data(conn.out(), s.id, io.netty.buffer.Unpooled.EMPTY_BUFFER, true, 0);
        s.stats.recordSent(0, 0, 9);
      }
      s.state = s.state.onSendEndStream();
    } else {
      boolean trailersOnly = !s.headersSent;
      List<HeaderField> fields = outgoingFields();
      ResponseHeaders.encodeTrailers(s.statusToSend, s.trailersToSend, trailersOnly, fields);
      if (!writeHeaders(s, fields, true)) {
        return;
      }
    }
    s.trailersSent = true;
    s.trailersToSend = null;
    BatchBarrier b = s.trailersBarrier;
    s.trailersBarrier = null;
    if (!s.client) {
      // The call is over for the server: it sent its status (DESIGN.md §2 rule 4).
      s.finalStatus = Status.OK;
      if (!s.readClosed) {
        // The client has not half-closed: tell it to stop sending (CORE_SPEC §2.1 rule 9).
        writeRst(s.id, Http2ErrorCode.NO_ERROR);
        s.readClosed = true;
        s.state = StreamState.CLOSED;
      }
    }
    b.done(Status.OK);
    deliver(s);
  }

  /**
   * HPACK-encodes and writes a HEADERS block.
   *
   * @return false when the block was too large for the peer and the stream was cancelled
   */
  private boolean writeHeaders(H2Stream s, List<HeaderField> fields, boolean endStream) {
    long listSize = 0;
    for (HeaderField f : fields) {
      listSize += f.size();
    }
    if (listSize > peerMaxHeaderListSize) {
      cancel(s, Status.RESOURCE_EXHAUSTED.withDescription("Header list of " + listSize
          + " bytes is over the peer's limit of " + peerMaxHeaderListSize + " bytes"));
      return false;
    }
    ByteBuf block = conn.alloc.buffer(256);
    try {
      encoder.encode(fields, block);
      int size = block.readableBytes();
      conn.writer.headers(conn.out(), s.id, block, endStream, null, 0);
      s.stats.recordSent(size, 0, 9);
    } finally {
      block.release();
    }
    s.state = s.state.onSendHeaders(endStream);
    conn.pings.onDataSent();
    return true;
  }

  private void writeRst(int id, Http2ErrorCode code) {
    conn.writer.rstStream(conn.out(), id, code);
  }

  /** Every stream with queued data tries again (the socket or a window opened). */
  void flushAllStreams() {
    for (H2Stream s : new ArrayList<>(streams.values())) {
      if (!s.outbound.isEmpty() || s.trailersToSend != null) {
        flush(s);
      }
    }
  }

  // ================================================================ receiving

  /** Runs the recv callbacks whose data is there. */
  void deliver(H2Stream s) {
    if (s.destroyed) {
      return;
    }
    boolean failed = s.cancelStatus != null;
    if (s.recvInitial != null) {
      if (s.receivedHeaders != null && !s.headersDelivered) {
        var cb = s.recvInitial;
        s.recvInitial = null;
        s.headersDelivered = true;
        cb.ready(s.receivedHeaders);
      } else if (s.readClosed || failed || s.headersDelivered) {
        var cb = s.recvInitial;
        s.recvInitial = null;
        cb.ready(null);
      }
    }
    if (s.recvMessage != null) {
      Message m = failed ? null : s.deframer.poll();
      if (m != null) {
        var cb = s.recvMessage;
        s.recvMessage = null;
        s.stats.recordMessageReceived();
        settleCredit(s);
        cb.ready(m);
      } else if (failed || s.readClosed) {
        var cb = s.recvMessage;
        s.recvMessage = null;
        cb.ready(null);
      }
    }
    // The client's status waits until every message was read (rule 4); the server's "closed"
    // needs only its own trailers or a cancel.
    boolean finalReady = s.finalStatus != null
        && (failed || !s.client || s.readClosed && !s.deframer.hasMessage());
    if (s.recvTrailing != null && !s.finalDelivered && finalReady) {
      var cb = s.recvTrailing;
      s.recvTrailing = null;
      s.finalDelivered = true;
      cb.ready(s.receivedTrailers == null ? new Metadata() : s.receivedTrailers, s.finalStatus);
    }
    maybeRemove(s);
  }

  /**
   * Returns stream credit for every received byte except those of complete messages the
   * application has not taken yet. Bytes of a message still arriving are credited at once, so a
   * message larger than the window cannot deadlock; complete unread messages hold their credit,
   * so a reader that stops applies back-pressure. Memory per stream stays under the window plus
   * one message (itself bounded by the max message size).
   */
  private void settleCredit(H2Stream s) {
    long credit = s.uncredited - s.deframer.completeBytes();
    if (credit > 0) {
      s.uncredited -= credit;
      returnStreamCredit(s, (int) credit);
    }
  }

  private void returnStreamCredit(H2Stream s, int bytes) {
    int increment = s.recvWindow.consume(bytes);
    if (increment > 0 && !s.readClosed && s.id != 0 && streams.get(s.id) == s) {
      conn.writer.windowUpdate(conn.out(), s.id, increment);
    }
  }

  /**
   * DATA payloads at least this large go to the socket as slices of the message's buffer; smaller
   * ones are copied into the turn's buffer, where a copy costs less than a separate buffer.
   */
  static final int ZERO_COPY_DATA = 4096;

  /** The fields of the header block being written; see {@link #outgoingFields}. */
  private final ArrayList<HeaderField> outgoingFields = new ArrayList<>(16);

  /**
   * The list a header block to send is built in, emptied: one per connection, since a block is
   * built and encoded in one go on the connection's thread and nothing keeps the list.
   */
  private List<HeaderField> outgoingFields() {
    outgoingFields.clear();
    return outgoingFields;
  }

  /** The fields of the header block being handled; see {@link #onHeaders}. */
  private final FieldList decodedFields = new FieldList();

  void onHeaders(int id, ByteBuf block, boolean endStream) throws Http2Exception {
    // One list serves every block: the parsers below read it and keep nothing of it.
    FieldList fields = decodedFields;
    fields.clear();
    boolean tooLarge = false;
    int blockSize = block.readableBytes();
    try {
      decoder.decode(block, fields);
    } catch (HpackException e) {
      throw Http2Exception.connectionError(Http2ErrorCode.COMPRESSION_ERROR,
          "Bad header block: %s (RFC 7541)", e.getMessage());
    } catch (HeaderListTooLargeException e) {
      tooLarge = true;
    }
    H2Stream s = streams.get(id);
    if (conn.client) {
      onClientHeaders(id, s, fields, tooLarge, endStream, blockSize);
    } else {
      onServerHeaders(id, s, fields, tooLarge, endStream, blockSize);
    }
  }

  private void onServerHeaders(int id, H2Stream s, List<HeaderField> fields, boolean tooLarge,
      boolean endStream, int blockSize) throws Http2Exception {
    if (s != null) {
      // Trailers from the client: they must end its side (RFC 9113 §8.1).
      if (!s.state.canReceive()) {
        throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
            "HEADERS on a half-closed stream %d (RFC 9113 §5.1)", id);
      }
      if (!endStream) {
        throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
            "Second HEADERS without END_STREAM on stream %d (RFC 9113 §8.1)", id);
      }
      s.stats.recordReceived(blockSize, 0, 9);
      endOfPeerStream(s);
      return;
    }
    if ((id & 1) == 0) {
      throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
          "Client opened stream %d, an even id (RFC 9113 §5.1.1)", id);
    }
    if (id <= lastPeerStreamId) {
      // A stream that already ended; its HPACK state was kept by decoding above.
      throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on closed stream %d (RFC 9113 §5.1)", id);
    }
    lastPeerStreamId = id;
    if (conn.refusesNewStreams() || acceptor == null) {
      writeRst(id, Http2ErrorCode.REFUSED_STREAM);
      return;
    }
    if (streams.size() >= conn.config.maxConcurrentStreams()) {
      // Enforced from the first stream, before our SETTINGS is acknowledged.
      writeRst(id, Http2ErrorCode.REFUSED_STREAM);
      return;
    }
    if (tooLarge) {
      answerWithoutCall(id, endStream, ResponseHeaders.encodeTrailers(
          Status.RESOURCE_EXHAUSTED.withDescription("Request header list is over the limit of "
              + conn.config.maxHeaderListSize() + " bytes"), new Metadata(), true), null);
      return;
    }
    RequestHeaders.Parsed parsed = RequestHeaders.parse(fields);
    if (parsed instanceof RequestHeaders.Malformed m) {
      throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
          "Malformed request: %s", m.why());
    }
    if (parsed instanceof RequestHeaders.NotGrpc n) {
      List<HeaderField> head = List.of(HeaderField.of(":status", Integer.toString(n.httpStatus())),
          HeaderField.of("content-type", "text/plain; charset=utf-8"));
      answerWithoutCall(id, endStream, head, n.body() + "\n");
      return;
    }
    RequestHeaders.Grpc g = (RequestHeaders.Grpc) parsed;
    H2Stream ns = new H2Stream(false, g.head(), peerInitialWindow, localInitialWindow,
        new MessageDeframer(conn.alloc, conn.config.maxMessageSize()));
    ns.id = id;
    ns.state = StreamState.IDLE.onRecvHeaders(false);
    ns.receivedHeaders = g.metadata();
    ns.stats.recordReceived(blockSize, 0, 9);
    streams.put(id, ns);
    live.add(ns);
    if (endStream) {
      endOfPeerStream(ns);
    }
    acceptor.accept(ns, g.head());
  }

  /** Answers a request that never becomes a call (not gRPC, headers too large). */
  private void answerWithoutCall(int id, boolean peerEnded, List<HeaderField> head, String body) {
    ByteBuf block = conn.alloc.buffer(128);
    try {
      encoder.encode(head, block);
      conn.writer.headers(conn.out(), id, block, body == null, null, 0);
    } finally {
      block.release();
    }
    if (body != null) {
      ByteBuf data = io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8));
      conn.writer.data(conn.out(), id, data, true, 0);
    }
    if (!peerEnded) {
      writeRst(id, Http2ErrorCode.NO_ERROR);
    }
  }

  private void onClientHeaders(int id, H2Stream s, List<HeaderField> fields, boolean tooLarge,
      boolean endStream, int blockSize) throws Http2Exception {
    if (s == null) {
      if ((id & 1) == 0 || id >= nextStreamId) {
        throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
            "HEADERS on stream %d, which we never opened (RFC 9113 §5.1.1)", id);
      }
      throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on closed stream %d (RFC 9113 §5.1)", id);
    }
    if (!s.state.canReceive()) {
      throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
          "HEADERS on a half-closed stream %d (RFC 9113 §5.1)", id);
    }
    s.stats.recordReceived(blockSize, 0, 9);
    if (tooLarge) {
      cancel(s, Status.RESOURCE_EXHAUSTED.withDescription("Response header list is over the "
          + "limit of " + conn.config.maxHeaderListSize() + " bytes"));
      return;
    }
    boolean first = s.receivedHeaders == null && s.receivedTrailers == null;
    if (first && !endStream) {
      ResponseHeaders.Head h = ResponseHeaders.parseHeaders(fields);
      if (!h.isGrpc()) {
        Status st = h.httpStatus() != 200 && h.httpStatus() > 0
            ? dev.sluice.h2.grpc.StatusMapping.fromHttpStatus(h.httpStatus())
            : Status.UNKNOWN.withDescription("The peer is not a gRPC server: " + h.problem());
        cancel(s, st);
        return;
      }
      s.receivedHeaders = h.metadata();
    } else {
      if (!endStream) {
        throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
            "Trailers without END_STREAM on stream %d (RFC 9113 §8.1)", id);
      }
      ResponseHeaders.Trailers t = ResponseHeaders.parseTrailers(fields);
      s.receivedTrailers = t.metadata();
      s.finalStatus = t.status();
    }
    if (endStream) {
      endOfPeerStream(s);
    } else {
      deliver(s);
    }
  }

  /** The peer ended its side of {@code s} (END_STREAM). */
  private void endOfPeerStream(H2Stream s) {
    s.readClosed = true;
    s.state = s.state.onRecvEndStream();
    if (s.deframer.hasPartialMessage() && s.cancelStatus == null) {
      cancel(s, Status.INTERNAL.withDescription(
          "The peer ended the stream in the middle of a message"));
      return;
    }
    if (s.client) {
      if (s.finalStatus == null) {
        s.finalStatus = Status.INTERNAL.withDescription("The server ended the stream without "
            + "trailers");
      }
      if (!s.trailersSent) {
        // The server finished first: our remaining sends have no effect; close our side
        // (CORE_SPEC §2.1 rule 10).
        closeClientWrites(s);
      }
    }
    deliver(s);
  }

  private void closeClientWrites(H2Stream s) {
    if (s.state != StreamState.CLOSED) {
      writeRst(s.id, Http2ErrorCode.NO_ERROR);
      s.state = StreamState.CLOSED;
    }
    closeClientWritesQuietly(s);
  }

  /** Closes a client's sending side without telling the peer; pending sends complete. */
  private void closeClientWritesQuietly(H2Stream s) {
    ByteBuf b;
    while ((b = s.outbound.poll()) != null) {
      b.release();
    }
    s.trailersSent = true;
    Status outcome = s.finalStatus != null && !s.finalStatus.isOk() ? s.finalStatus : Status.OK;
    for (BatchBarrier bb : new BatchBarrier[] {s.headersBarrier, s.messageBarrier,
        s.trailersBarrier}) {
      if (bb != null) {
        bb.done(outcome);
      }
    }
    s.headersBarrier = null;
    s.messageBarrier = null;
    s.trailersBarrier = null;
    s.trailersToSend = null;
  }

  void onData(int id, ByteBuf data, boolean endStream, int flowControlled) throws Http2Exception {
    try {
      if (!connRecvWindow.receive(flowControlled)) {
        throw Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
            "DATA past the connection window (RFC 9113 §6.9.1)");
      }
      // Connection credit returns at once; each stream's window bounds what it may buffer,
      // so one stalled stream cannot starve the others.
      int connIncrement = connRecvWindow.consume(flowControlled);
      if (connIncrement > 0) {
        conn.writer.windowUpdate(conn.out(), 0, connIncrement);
      }
      if (bdp.onData(flowControlled, System.nanoTime())) {
        conn.pings.sendInternal(this::onBdpPingAck);
      }
      H2Stream s = streams.get(id);
      if (s == null) {
        boolean idle = conn.client ? id >= nextStreamId || (id & 1) == 0 : id > lastPeerStreamId;
        if (idle) {
          throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
              "DATA on idle stream %d (RFC 9113 §6.1)", id);
        }
        throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
            "DATA on closed stream %d (RFC 9113 §6.1)", id);
      }
      if (!s.state.canReceive()) {
        throw Http2Exception.streamError(id, Http2ErrorCode.STREAM_CLOSED,
            "DATA after END_STREAM on stream %d (RFC 9113 §5.1)", id);
      }
      if (!s.recvWindow.receive(flowControlled)) {
        throw Http2Exception.streamError(id, Http2ErrorCode.FLOW_CONTROL_ERROR,
            "DATA past the window of stream %d (RFC 9113 §6.9.1)", id);
      }
      if (s.client && s.receivedHeaders == null) {
        throw Http2Exception.streamError(id, Http2ErrorCode.PROTOCOL_ERROR,
            "DATA before response HEADERS on stream %d (RFC 9113 §8.1)", id);
      }
      int padding = flowControlled - data.readableBytes();
      if (padding > 0) {
        returnStreamCredit(s, padding);
      }
      s.stats.recordReceived(0, data.readableBytes(), 9);
      s.uncredited += data.readableBytes();
      ByteBuf owned = data;
      data = null;
      try {
        s.deframer.add(owned);
      } catch (MessageDeframer.DeframeException e) {
        cancel(s, e.status());
        return;
      }
      settleCredit(s);
      if (endStream) {
        endOfPeerStream(s);
      } else {
        deliver(s);
      }
    } finally {
      if (data != null) {
        data.release();
      }
    }
  }

  /** A BDP ping came back: grow every stream's window if the estimate says so. */
  private void onBdpPingAck() {
    int next = bdp.onAck(System.nanoTime());
    if (next == 0 || conn.closedStatus() != null) {
      return;
    }
    int delta = next - localInitialWindow;
    localInitialWindow = next;
    conn.writer.settings(conn.out(),
        new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, next));
    for (H2Stream s : streams.values()) {
      s.recvWindow.growTo(s.recvWindow.size() + delta);
    }
    int connIncrement = connRecvWindow.growTo(Math.max(connRecvWindow.size(), next * 4));
    if (connIncrement > 0) {
      conn.writer.windowUpdate(conn.out(), 0, connIncrement);
    }
  }

  void onRstStream(int id, Http2ErrorCode code) throws Http2Exception {
    if (!conn.client && !resets.tryAcquire(System.nanoTime())) {
      throw Http2Exception.connectionError(Http2ErrorCode.ENHANCE_YOUR_CALM,
          "Too many RST_STREAM frames (rapid reset)");
    }
    H2Stream s = streams.get(id);
    if (s == null) {
      boolean idle = conn.client ? id >= nextStreamId : id > lastPeerStreamId;
      if (idle) {
        throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
            "RST_STREAM on idle stream %d (RFC 9113 §6.4)", id);
      }
      return; // already closed here: nothing to do
    }
    if (s.client && s.readClosed && s.finalStatus != null && code == Http2ErrorCode.NO_ERROR) {
      // Trailers came first: the reset only closes our sending side (CORE_SPEC §2.3 rule 23).
      s.state = StreamState.CLOSED;
      closeClientWrites(s);
      deliver(s);
      return;
    }
    if (s.client && code == Http2ErrorCode.REFUSED_STREAM) {
      s.stats.markUnprocessed(); // RFC 9113 §8.7: not processed, safe to retry
    }
    boolean deadlinePassed = s.head.deadline() != null && s.head.deadline().isExpired();
    Status status = StatusMapping.fromHttp2Code(code.wireValue(), deadlinePassed);
    if (!s.client && code == Http2ErrorCode.CANCEL) {
      status = Status.CANCELLED.withDescription("The client cancelled the call");
    }
    close(s, status, -1);
  }

  void onWindowUpdate(int id, int increment) throws Http2Exception {
    if (id == 0) {
      if (!connSendWindow.add(increment)) {
        throw Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
            "Connection window past 2^31-1 (RFC 9113 §6.9.1)");
      }
      flushAllStreams();
      return;
    }
    H2Stream s = streams.get(id);
    if (s == null) {
      boolean idle = conn.client ? id >= nextStreamId : id > lastPeerStreamId;
      if (idle) {
        throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
            "WINDOW_UPDATE on idle stream %d (RFC 9113 §6.9)", id);
      }
      return;
    }
    if (!s.sendWindow.add(increment)) {
      throw Http2Exception.streamError(id, Http2ErrorCode.FLOW_CONTROL_ERROR,
          "Window of stream %d past 2^31-1 (RFC 9113 §6.9.1)", id);
    }
    flush(s);
  }

  void applyPeerSettings(Http2Settings settings) throws Http2Exception {
    if (settings.has(Http2Settings.HEADER_TABLE_SIZE)) {
      encoder.setMaxTableSize((int) Math.min(settings.get(Http2Settings.HEADER_TABLE_SIZE),
          HpackDecoder.DEFAULT_MAX_TABLE_SIZE));
    }
    if (settings.has(Http2Settings.MAX_CONCURRENT_STREAMS)) {
      peerMaxConcurrentStreams = settings.get(Http2Settings.MAX_CONCURRENT_STREAMS);
    } else if (!peerSettingsSeen) {
      peerMaxConcurrentStreams = Integer.MAX_VALUE; // the peer sets no limit (RFC 9113 §6.5.2)
    }
    peerSettingsSeen = true;
    if (settings.has(Http2Settings.MAX_FRAME_SIZE)) {
      conn.writer.maxFrameSize((int) settings.get(Http2Settings.MAX_FRAME_SIZE));
    }
    if (settings.has(Http2Settings.MAX_HEADER_LIST_SIZE)) {
      peerMaxHeaderListSize = settings.get(Http2Settings.MAX_HEADER_LIST_SIZE);
    }
    if (settings.has(Http2Settings.INITIAL_WINDOW_SIZE)) {
      long next = settings.get(Http2Settings.INITIAL_WINDOW_SIZE);
      long delta = next - peerInitialWindow;
      peerInitialWindow = next;
      for (H2Stream s : streams.values()) {
        if (!s.sendWindow.add(delta)) {
          throw Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
              "SETTINGS_INITIAL_WINDOW_SIZE pushes a stream window past 2^31-1 (RFC 9113 §6.9.2)");
        }
      }
      // Streams not yet started take the current value when they start.
    }
    flushAllStreams();
    if (conn.client) {
      startWaitingStreams();
    }
  }

  void onGoaway(int lastStreamId, Http2ErrorCode code, String debug) {
    goawayReceived = true;
    goawayLastStreamId = Math.min(goawayLastStreamId, lastStreamId);
    Status unprocessed = Status.UNAVAILABLE.withDescription("The server sent GOAWAY (" + code
        + (debug.isEmpty() ? "" : ": " + debug) + ") before processing this call; it is safe "
        + "to retry");
    for (H2Stream s : new ArrayList<>(streams.values())) {
      if (conn.client && s.id > lastStreamId) {
        s.stats.markUnprocessed(); // RFC 9113 §6.8: above last-stream-id, not processed
        close(s, unprocessed, -1);
      }
    }
    failWaitingStreams(unprocessed);
    if (code == Http2ErrorCode.ENHANCE_YOUR_CALM && "too_many_pings".equals(debug)) {
      java.util.logging.Logger.getLogger(StreamEngine.class.getName()).warning(
          "The server closed the connection for too many pings; lower the keepalive rate");
    }
  }

  // ================================================================ ending streams

  /** A stream error found while reading: reset the stream, end the call. */
  void streamError(int id, Http2ErrorCode code, String message) {
    H2Stream s = streams.get(id);
    if (conn.countControlReply()) {
      writeRst(id, code);
    }
    if (s != null) {
      close(s, Status.INTERNAL.withDescription("HTTP/2 stream error " + code + ": " + message),
          -2);
    }
  }

  /** Cancels {@code s} from this side (application, deadline, limit): tell the peer, end it. */
  void cancel(H2Stream s, Status status) {
    if (s.cancelStatus != null || s.finalDelivered && s.state == StreamState.CLOSED) {
      return;
    }
    // A stream the peer knows of: it has an id and HEADERS went out or came in.
    boolean onWire = s.id != 0 && s.state != StreamState.IDLE && s.state != StreamState.CLOSED;
    if (onWire) {
      if (!s.client && !s.trailersSent && status.code() != Status.Code.CANCELLED) {
        // A server ends the call with a real status the client can read (CORE_SPEC rule 21).
        List<HeaderField> fields = ResponseHeaders.encodeTrailers(status, new Metadata(),
            !s.headersSent);
        if (writeHeaders(s, fields, true)) {
          s.trailersSent = true;
          if (!s.readClosed) {
            writeRst(s.id, Http2ErrorCode.NO_ERROR);
          }
        }
      } else {
        writeRst(s.id, Http2ErrorCode.fromWire(StatusMapping.toHttp2Code(status)));
      }
    }
    close(s, status, -1);
  }

  /**
   * Ends {@code s} with {@code status}: every pending op completes (sends fail, recvs get
   * nothing, the final status is delivered) and its buffers are freed.
   */
  private void close(H2Stream s, Status status, int unused) {
    close(s, status, false);
  }

  /**
   * Ends {@code s}; {@code connectionGone} when the connection closed under it, which leaves a
   * client stream that already has its trailers complete (only its sending side closes).
   */
  private void close(H2Stream s, Status status, boolean connectionGone) {
    if (s.cancelStatus != null) {
      return;
    }
    if (connectionGone && s.client && s.readClosed && s.finalStatus != null) {
      // Everything the server sent is here: the call ends as the server said.
      if (!s.trailersSent) {
        closeClientWritesQuietly(s);
      }
      s.state = StreamState.CLOSED;
      deliver(s);
      return;
    }
    s.cancelStatus = status;
    if (s.finalStatus == null) {
      s.finalStatus = status;
    }
    s.readClosed = true;
    s.state = StreamState.CLOSED;
    ByteBuf b;
    while ((b = s.outbound.poll()) != null) {
      b.release();
    }
    s.deframer.close();
    BatchBarrier[] sends = {s.headersBarrier, s.messageBarrier, s.trailersBarrier};
    s.headersBarrier = null;
    s.messageBarrier = null;
    s.trailersBarrier = null;
    s.headersToSend = null;
    s.trailersToSend = null;
    waiting.remove(s);
    for (BatchBarrier bb : sends) {
      if (bb != null) {
        bb.done(status);
      }
    }
    deliver(s);
    if (s.id != 0 && streams.get(s.id) == s) {
      streams.remove(s.id);
      if (conn.client) {
        startWaitingStreams();
      }
    }
    conn.maybeFinishShutdown();
  }

  /** The connection is going away: every stream ends with {@code status}. */
  void closeAll(Status status) {
    for (H2Stream s : new ArrayList<>(live)) {
      close(s, status, true);
    }
    for (H2Stream s : new ArrayList<>(streams.values())) {
      close(s, status, true);
    }
    failWaitingStreams(status);
  }

  /** Frees the buffers of streams still referenced (the connection is gone). */
  void releaseAll() {
    for (H2Stream s : new ArrayList<>(live)) {
      releaseBuffers(s);
    }
    for (H2Stream s : new ArrayList<>(streams.values())) {
      releaseBuffers(s);
    }
    streams.clear();
  }

  /**
   * Collects a header block's fields; fields the peer sent as table indexes are the table's own
   * objects, so a steady stream of calls builds almost no field objects.
   */
  private static final class FieldList extends ArrayList<HeaderField> implements HeaderListener {
    FieldList() {
      super(12);
    }

    @Override
    public void onHeader(String name, String value, boolean sensitive) {
      add(new HeaderField(name, value, sensitive));
    }

    @Override
    public void onIndexedField(HeaderField field) {
      add(field);
    }
  }
}
