package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.grpc.MessageFramer;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;

/**
 * The op slots of each stream: a batch's ops go into them ({@link #perform}), sends are handed
 * to the {@link OutboundPath}, and receive callbacks run once what they wait for is there
 * ({@link #deliver}). Runs on the connection's thread only.
 */
final class StreamOps {

  private final Http2Connection conn;

  StreamOps(Http2Connection conn) {
    this.conn = conn;
  }

  void perform(H2Stream s, StreamOpBatch b) {
    int parts = (b.hasSendInitialMetadata() ? 1 : 0) + (b.hasSendMessage() ? 1 : 0)
        + (b.hasSendTrailingMetadata() ? 1 : 0) + (b.hasCancel() ? 1 : 0);
    BatchBarrier barrier = parts > 0 ? new BatchBarrier(b.onComplete(), parts) : null;
    if (s.destroyed) {
      b.failWith(Status.CANCELLED.withDescription("Stream was destroyed"));
      return;
    }
    if (conn.streams.track(s)) {
      Status closed = conn.end.closedStatus();
      if (closed != null && s.cancelStatus == null) {
        conn.closer.close(s, closed);
      }
    }
    if (b.hasCancel()) {
      conn.closer.cancel(s, b.cancelStatus());
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
        && !conn.streams.isWaiting(s)) {
      conn.streams.startClientStream(s);
    } else {
      conn.outbound.flush(s);
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
    conn.streams.maybeRemove(s);
  }

  /** The application is done with {@code s}: cancel what is still going on, then forget it. */
  void destroy(H2Stream s) {
    if (s.destroyed) {
      return;
    }
    if (s.state != StreamState.CLOSED || s.hasPendingOps() || !s.finalDelivered) {
      conn.closer.cancel(s, Status.CANCELLED.withDescription("Stream destroyed before it ended"));
    }
    s.destroyed = true;
    conn.streams.remove(s);
  }

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
        conn.inData.settleCredit(s);
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
    conn.streams.maybeRemove(s);
  }
}
