package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.grpc.ResponseHeaders;
import dev.sluice.h2.grpc.StatusMapping;
import dev.sluice.h2.hpack.HeaderField;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * How streams end: the peer's END_STREAM, its RST_STREAM, a stream error we found while reading,
 * a cancel from this side, and the connection closing under every stream. Ending a stream
 * completes every pending op once and frees its buffers.
 *
 * <p>On a server, resets the peer causes are bounded together, by one token bucket: those it
 * sends (rapid reset, CVE-2023-44487) and those its frames make us send, stream errors and
 * refused streams (MadeYouReset, CVE-2025-8671). A peer that runs the bucket dry gets GOAWAY
 * ENHANCE_YOUR_CALM. Runs on the connection's thread only.
 */
final class StreamCloser {

  private final Http2Connection conn;
  private final ResetRateLimiter resets;

  StreamCloser(Http2Connection conn) {
    this.conn = conn;
    this.resets = new ResetRateLimiter(conn.config.resetBurst(), conn.config.resetsPerSecond(),
        System.nanoTime());
  }

  /** The peer ended its side of {@code s} (END_STREAM). */
  void endOfPeerStream(H2Stream s) {
    s.peerEnded = true;
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
        // (a server may answer before the whole request was sent, RFC 9113 §8.1).
        closeClientWrites(s);
      }
    }
    conn.ops.deliver(s);
  }

  void onRstStream(int id, Http2ErrorCode code) throws Http2Exception {
    if (!conn.client && !resets.tryAcquire(System.nanoTime())) {
      throw Http2Exception.connectionError(Http2ErrorCode.ENHANCE_YOUR_CALM,
          "Too many RST_STREAM frames (rapid reset)");
    }
    H2Stream s = conn.streams.get(id);
    if (s == null) {
      if (conn.streams.neverOpened(id)) {
        throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
            "RST_STREAM on idle stream %d (RFC 9113 §6.4)", id);
      }
      return; // already closed here: nothing to do
    }
    s.resetReceived = true;
    if (s.client && s.readClosed && s.finalStatus != null && code == Http2ErrorCode.NO_ERROR) {
      // Trailers came first: the reset only closes our sending side (RFC 9113 §8.1: a server may
      // stop the request with NO_ERROR once its response is complete; the call succeeded).
      s.state = StreamState.CLOSED;
      closeClientWrites(s);
      conn.ops.deliver(s);
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
    close(s, status);
  }

  /**
   * A stream error found while reading: reset the stream, end the call. The peer made us send
   * this reset, so it counts against the reset budget.
   */
  void streamError(int id, Http2ErrorCode code, String message) {
    if (!allowInducedReset(code)) {
      return;
    }
    H2Stream s = conn.streams.get(id);
    if (conn.output.countControlReply()) {
      conn.outbound.writeRst(id, code);
    }
    if (s != null) {
      close(s, Status.INTERNAL.withDescription("HTTP/2 stream error " + code + ": " + message));
    }
  }

  /**
   * Refuses a stream the peer opened beyond our SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113
   * §5.1.2); the peer made us send this reset, so it counts against the reset budget.
   */
  void refuseOverLimit(int id) {
    if (allowInducedReset(Http2ErrorCode.REFUSED_STREAM)) {
      conn.outbound.writeRst(id, Http2ErrorCode.REFUSED_STREAM);
    }
  }

  /**
   * Takes a token for a reset the peer made us send (not CANCEL or NO_ERROR, which are ours to
   * choose). When none is left the connection ends with ENHANCE_YOUR_CALM (MadeYouReset,
   * CVE-2025-8671).
   *
   * @return false when the connection was ended instead
   */
  private boolean allowInducedReset(Http2ErrorCode code) {
    if (conn.client || code == Http2ErrorCode.CANCEL || code == Http2ErrorCode.NO_ERROR
        || resets.tryAcquire(System.nanoTime())) {
      return true;
    }
    conn.end.connectionError(Http2ErrorCode.ENHANCE_YOUR_CALM,
        "Too many stream errors caused by the peer (MadeYouReset)");
    return false;
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
        // A server ends the call with a real status the client can read: trailers with
        // grpc-status, then RST_STREAM NO_ERROR if the client is still sending, as the C core does.
        List<HeaderField> fields = ResponseHeaders.encodeTrailers(status, new Metadata(),
            !s.headersSent);
        if (conn.headerBlocks.fitsPeer(fields)) {
          conn.headerBlocks.write(s, fields, true);
          s.trailersSent = true;
          if (!s.readClosed) {
            conn.outbound.writeRst(s.id, Http2ErrorCode.NO_ERROR);
          }
        } else {
          // Not even the bare status fits the peer's SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113
          // §6.5.2); writing it would cancel again, and again. A reset is all it can get.
          conn.outbound.writeRst(s.id,
              Http2ErrorCode.fromWire(StatusMapping.toHttp2Code(status)));
        }
      } else {
        conn.outbound.writeRst(s.id, Http2ErrorCode.fromWire(StatusMapping.toHttp2Code(status)));
      }
    }
    close(s, status);
  }

  /**
   * Ends {@code s} with {@code status}: every pending op completes (sends fail, recvs get
   * nothing, the final status is delivered) and its buffers are freed.
   */
  void close(H2Stream s, Status status) {
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
      conn.ops.deliver(s);
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
    conn.streams.unqueue(s);
    for (BatchBarrier bb : sends) {
      if (bb != null) {
        bb.done(status);
      }
    }
    conn.ops.deliver(s);
    conn.streams.releaseSlot(s);
    conn.end.maybeFinishShutdown();
  }

  /** The connection is going away: every stream ends with {@code status}. */
  void closeAll(Status status) {
    for (H2Stream s : conn.streams.liveSnapshot()) {
      close(s, status, true);
    }
    for (H2Stream s : conn.streams.openSnapshot()) {
      close(s, status, true);
    }
    conn.streams.failWaitingStreams(status);
  }

  private void closeClientWrites(H2Stream s) {
    if (s.state != StreamState.CLOSED) {
      conn.outbound.writeRst(s.id, Http2ErrorCode.NO_ERROR);
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
}
