package dev.sluice.h2;

import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.grpc.MessageDeframer;
import io.netty.buffer.ByteBuf;

/**
 * DATA from the peer: checked against the connection and stream windows we granted, handed to
 * the stream's deframer, and credited back (RFC 9113 §6.9): connection credit at once, stream
 * credit once the application has taken complete messages. The BDP estimator grows our windows
 * when a round trip's worth of data fills them. Runs on the connection's thread only.
 */
final class InboundData {

  /** The largest stream window BDP estimation grows to. */
  private static final int MAX_BDP_WINDOW = 16 << 20;

  private final Http2Connection conn;
  private final FlowWindow connRecvWindow = new FlowWindow(StreamRegistry.DEFAULT_WINDOW);
  private final BdpEstimator bdp;
  /** Our SETTINGS_INITIAL_WINDOW_SIZE as it stands (BDP estimation raises it). */
  private int localInitialWindow;

  InboundData(Http2Connection conn) {
    this.conn = conn;
    this.localInitialWindow = conn.config.initialStreamWindow();
    this.bdp = new BdpEstimator(localInitialWindow, MAX_BDP_WINDOW);
  }

  /** Our SETTINGS_INITIAL_WINDOW_SIZE now: a new stream's receive window. */
  int localInitialWindow() {
    return localInitialWindow;
  }

  /** Grows the connection window to {@code size}; returns the increment to announce, or 0. */
  int growConnectionWindow(int size) {
    return connRecvWindow.growTo(size);
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
        conn.writer.windowUpdate(conn.output.out(), 0, connIncrement);
      }
      if (bdp.onData(flowControlled, System.nanoTime())) {
        conn.pings.sendInternal(this::onBdpPingAck);
      }
      H2Stream s = conn.streams.get(id);
      if (s == null) {
        if (conn.streams.neverOpened(id) || conn.client && (id & 1) == 0) {
          throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
              "DATA on idle stream %d (RFC 9113 §6.1)", id);
        }
        onClosedStream(id);
        return;
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
      s.dataReceived += data.readableBytes();
      if (s.contentLength >= 0 && s.dataReceived > s.contentLength || endStream) {
        InboundHeaders.requireFullContent(s);
      }
      if (s.plainAnswer) {
        // The request of a plain answer is read and dropped: its credit returns at once.
        if (endStream) {
          conn.closer.endOfPeerStream(s);
        } else {
          returnStreamCredit(s, flowControlled);
        }
        return;
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
        conn.closer.cancel(s, e.status());
        return;
      }
      settleCredit(s);
      if (endStream) {
        conn.closer.endOfPeerStream(s);
      } else {
        conn.ops.deliver(s);
      }
    } finally {
      if (data != null) {
        data.release();
      }
    }
  }

  /**
   * DATA on a stream that was open once and is closed now (RFC 9113 §5.1): ignored when we reset
   * it (the frame may have crossed our RST_STREAM), a connection error after the peer ended it,
   * else a stream error.
   */
  private void onClosedStream(int id) throws Http2Exception {
    switch (conn.streams.lateFrame(id)) {
      case IGNORE -> {
      }
      case CONNECTION_ERROR -> throw Http2Exception.connectionError(
          Http2ErrorCode.STREAM_CLOSED,
          "DATA on stream %d, which the peer already ended (RFC 9113 §5.1)", id);
      case STREAM_ERROR, UNKNOWN -> throw Http2Exception.streamError(id,
          Http2ErrorCode.STREAM_CLOSED, "DATA on closed stream %d (RFC 9113 §5.1)", id);
      default -> throw new AssertionError();
    }
  }

  /** A BDP ping came back: grow every stream's window if the estimate says so. */
  private void onBdpPingAck() {
    int next = bdp.onAck(System.nanoTime());
    if (next == 0 || conn.end.closedStatus() != null) {
      return;
    }
    int delta = next - localInitialWindow;
    localInitialWindow = next;
    conn.writer.settings(conn.output.out(),
        new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, next));
    for (H2Stream s : conn.streams.openStreams()) {
      s.recvWindow.growTo(s.recvWindow.size() + delta);
    }
    int connIncrement = connRecvWindow.growTo(Math.max(connRecvWindow.size(), next * 4));
    if (connIncrement > 0) {
      conn.writer.windowUpdate(conn.output.out(), 0, connIncrement);
    }
  }

  /**
   * Returns stream credit for every received byte except those of complete messages the
   * application has not taken yet. Bytes of a message still arriving are credited at once, so a
   * message larger than the window cannot deadlock; complete unread messages hold their credit,
   * so a reader that stops applies back-pressure. Memory per stream stays under the window plus
   * one message (itself bounded by the max message size).
   */
  void settleCredit(H2Stream s) {
    long credit = s.uncredited - s.deframer.completeBytes();
    if (credit > 0) {
      s.uncredited -= credit;
      returnStreamCredit(s, (int) credit);
    }
  }

  private void returnStreamCredit(H2Stream s, int bytes) {
    int increment = s.recvWindow.consume(bytes);
    if (increment > 0 && !s.readClosed && s.id != 0 && conn.streams.get(s.id) == s) {
      conn.writer.windowUpdate(conn.output.out(), s.id, increment);
    }
  }
}
