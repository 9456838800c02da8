package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.grpc.RequestHeaders;
import dev.sluice.h2.grpc.ResponseHeaders;
import dev.sluice.h2.hpack.HeaderField;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What streams send: filled op slots become HEADERS, DATA within the peer's stream and
 * connection windows, and trailers (or a client's half-close), in that order; the windows we
 * send into grow by WINDOW_UPDATE and follow SETTINGS_INITIAL_WINDOW_SIZE (RFC 9113 §6.9). A
 * send completes once its last byte has passed flow control. Runs on the connection's thread
 * only.
 */
final class OutboundPath {

  /**
   * DATA payloads at least this large go to the socket as slices of the message's buffer; smaller
   * ones are copied into the turn's buffer, where a copy costs less than a separate buffer.
   */
  static final int ZERO_COPY_DATA = 4096;

  private final Http2Connection conn;
  /** Streams to flush at the end of the read, in the order their windows opened. */
  private final ArrayDeque<H2Stream> flushQueue = new ArrayDeque<>();
  private final SendWindow connSendWindow = new SendWindow(StreamRegistry.DEFAULT_WINDOW);
  private long peerInitialWindow = StreamRegistry.DEFAULT_WINDOW;

  OutboundPath(Http2Connection conn) {
    this.conn = conn;
  }

  /** The peer's SETTINGS_INITIAL_WINDOW_SIZE: a new stream's send window. */
  long peerInitialWindow() {
    return peerInitialWindow;
  }

  /** Writes whatever the stream may send now: headers, DATA within the windows, trailers. */
  void flush(H2Stream s) {
    if (s.cancelStatus != null || s.trailersSent || s.removed) {
      return;
    }
    if (s.client && s.id == 0) {
      return; // waiting for a stream id
    }
    if (s.headersToSend != null) {
      List<HeaderField> fields = conn.headerBlocks.fields();
      if (s.client) {
        RequestHeaders.encode(s.head, conn.scheme, conn.defaultAuthority, s.headersToSend, fields,
            conn.userAgent);
      } else {
        ResponseHeaders.encodeHeaders(s.headersToSend, fields);
      }
      s.headersToSend = null;
      if (!conn.headerBlocks.write(s, fields, false)) {
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
        List<HeaderField> fields = conn.headerBlocks.fields();
        ResponseHeaders.encodeHeaders(new Metadata(), fields);
        if (!conn.headerBlocks.write(s, fields, false)) {
          return;
        }
        s.headersSent = true;
      }
    }
    boolean endOnData = writeData(s);
    if (s.plainAnswer) {
      if (endOnData) {
        finishPlainAnswer(s);
      }
      return;
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

  /**
   * Cuts the stream's queued messages into DATA frames while both windows and the socket allow.
   *
   * @return true when the last frame carried a client's half-close (END_STREAM)
   */
  private boolean writeData(H2Stream s) {
    while (!s.outbound.isEmpty() && conn.output.isWritable()) {
      long window = Math.min(connSendWindow.available(), s.sendWindow.available());
      int n = (int) Math.min(window, conn.writer.maxFrameSize());
      ByteBuf head = s.outbound.peek();
      if (n <= 0) {
        s.stats.recordFlowControlStall();
        break;
      }
      n = Math.min(n, head.readableBytes());
      boolean last = n == head.readableBytes() && s.outbound.size() == 1;
      // A client half-close rides on the last DATA frame when it is already queued, and so does
      // the end of a plain answer.
      boolean endStream = last && (s.client ? s.trailersToSend != null : s.plainAnswer);
      if (n >= ZERO_COPY_DATA) {
        conn.writer.dataHeader(conn.output.out(), s.id, n, endStream);
        conn.output.appendPayload(head.readRetainedSlice(n));
      } else {
        conn.writer.data(conn.output.out(), s.id, head, n, endStream);
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
        return true;
      }
    }
    return false;
  }

  private void sendTrailers(H2Stream s, boolean alreadyEnded) {
    if (s.client) {
      if (!alreadyEnded) {
        conn.writer.data(conn.output.out(), s.id, Unpooled.EMPTY_BUFFER, true, 0);
        s.stats.recordSent(0, 0, 9);
      }
      s.state = s.state.onSendEndStream();
    } else {
      boolean trailersOnly = !s.headersSent;
      List<HeaderField> fields = conn.headerBlocks.fields();
      ResponseHeaders.encodeTrailers(s.statusToSend, s.trailersToSend, trailersOnly, fields);
      if (!conn.headerBlocks.write(s, fields, true)) {
        return;
      }
    }
    s.trailersSent = true;
    s.trailersToSend = null;
    BatchBarrier b = s.trailersBarrier;
    s.trailersBarrier = null;
    if (!s.client) {
      // The call is over for the server: it sent its status (rule 4 of the batch contract in
      // StreamOpBatch).
      s.finalStatus = Status.OK;
      if (!s.readClosed) {
        // The client has not half-closed: tell it to stop sending, RST_STREAM NO_ERROR after a
        // complete response (RFC 9113 §8.1).
        writeRst(s.id, Http2ErrorCode.NO_ERROR);
        s.readClosed = true;
        s.state = StreamState.CLOSED;
      }
    }
    b.done(Status.OK);
    conn.ops.deliver(s);
  }

  /** Writes RST_STREAM; frames the peer sent before it saw ours are ignored (RFC 9113 §5.1). */
  void writeRst(int id, Http2ErrorCode code) {
    conn.writer.rstStream(conn.output.out(), id, code);
    H2Stream s = conn.streams.get(id);
    if (s != null) {
      s.resetSent = true;
    } else {
      conn.streams.recordClosed(id, ClosedStreams.LateFrame.IGNORE);
    }
  }

  /** Every stream with queued data tries again (the socket or a window opened). */
  void flushAllStreams() {
    for (H2Stream s : conn.streams.openSnapshot()) {
      if (!s.outbound.isEmpty() || s.trailersToSend != null) {
        flush(s);
      }
    }
  }

  /**
   * Answers a request that never becomes a call with one HEADERS frame that ends the stream
   * (request headers over the limit); a peer still sending is asked to stop (RFC 9113 §8.1).
   */
  void answerWithHeaders(int id, boolean peerEnded, List<HeaderField> head) {
    conn.headerBlocks.writeWithoutStream(id, head, true);
    if (peerEnded) {
      conn.streams.recordClosed(id, ClosedStreams.LateFrame.CONNECTION_ERROR);
    } else {
      writeRst(id, Http2ErrorCode.NO_ERROR);
    }
  }

  /**
   * Answers a request that is not gRPC with {@code head} and a text {@code body}. The answer is
   * a stream like any other: its DATA waits for the peer's windows (RFC 9113 §6.9), and it
   * counts against concurrency until both sides have ended it (§5.1.2). What the peer still
   * sends on it is read and dropped.
   */
  void answerPlain(H2Stream s, List<HeaderField> head, String body) {
    conn.headerBlocks.writeWithoutStream(s.id, head, false);
    s.state = s.state.onSendHeaders(false);
    s.headersSent = true;
    s.outbound.add(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    flush(s);
  }

  /** The last byte of a plain answer went out with END_STREAM. */
  private void finishPlainAnswer(H2Stream s) {
    s.trailersSent = true;
    s.state = s.state.onSendEndStream();
    conn.streams.maybeRemove(s);
  }

  // ---------------------------------------------------------------- flushes after a read

  /**
   * Flushes {@code s} at the end of the current read rather than now: every frame of the read is
   * applied first (several WINDOW_UPDATEs, a SETTINGS change), then each stream writes once.
   */
  void flushAfterRead(H2Stream s) {
    if (!s.flushQueued) {
      s.flushQueued = true;
      flushQueue.add(s);
    }
  }

  /** Queues every stream with something to send (the connection window or settings changed). */
  void flushAllAfterRead() {
    for (H2Stream s : conn.streams.openStreams()) {
      if (!s.outbound.isEmpty() || s.trailersToSend != null) {
        flushAfterRead(s);
      }
    }
  }

  /** The read is over: the streams queued by it write what their windows now allow. */
  void flushQueued() {
    H2Stream s;
    while ((s = flushQueue.poll()) != null) {
      s.flushQueued = false;
      flush(s);
    }
  }

  // ---------------------------------------------------------------- the windows we send into

  void onWindowUpdate(int id, int increment) throws Http2Exception {
    if (id == 0) {
      if (!connSendWindow.add(increment)) {
        throw Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
            "Connection window past 2^31-1 (RFC 9113 §6.9.1)");
      }
      flushAllAfterRead();
      return;
    }
    H2Stream s = conn.streams.get(id);
    if (s == null) {
      if (conn.streams.neverOpened(id)) {
        throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
            "WINDOW_UPDATE on idle stream %d (RFC 9113 §6.9)", id);
      }
      return;
    }
    if (!s.sendWindow.add(increment)) {
      throw Http2Exception.streamError(id, Http2ErrorCode.FLOW_CONTROL_ERROR,
          "Window of stream %d past 2^31-1 (RFC 9113 §6.9.1)", id);
    }
    flushAfterRead(s);
  }

  /** The peer's SETTINGS_INITIAL_WINDOW_SIZE changed: every open stream's window moves by it. */
  void applyPeerSettings(Http2Settings settings) throws Http2Exception {
    if (settings.has(Http2Settings.INITIAL_WINDOW_SIZE)) {
      long next = settings.get(Http2Settings.INITIAL_WINDOW_SIZE);
      long delta = next - peerInitialWindow;
      peerInitialWindow = next;
      for (H2Stream s : conn.streams.openStreams()) {
        if (!s.sendWindow.add(delta)) {
          throw Http2Exception.connectionError(Http2ErrorCode.FLOW_CONTROL_ERROR,
              "SETTINGS_INITIAL_WINDOW_SIZE pushes a stream window past 2^31-1 (RFC 9113 §6.9.2)");
        }
      }
      // Streams not yet started take the current value when they start.
    }
  }
}
