package dev.sluice.inproc;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Moves in-process calls forward: applies a batch to one end, then lets both ends take whatever
 * has become available ({@link #pump}). Cancellation, close and destroy live here too, so every
 * path that completes an op is in one file.
 *
 * <p>Loop only; every method runs inside the connection's {@link SerialLoop}, and callbacks are
 * only queued on it.
 */
final class StreamMachine {

  private static final Logger log = System.getLogger("dev.sluice.inproc");

  private StreamMachine() {}

  /** Applies {@code batch} to {@code s}: cancel first, then sends in order, then parks recvs. */
  static void perform(InProcessStream s, StreamOpBatch batch) {
    SerialLoop loop = s.transport.loop();
    if (s.destroyed) {
      // Rule 7: no callback after destroy. Still free what we were given.
      log.log(Level.DEBUG, () -> "Batch on a destroyed stream dropped: " + batch);
      if (batch.hasSendMessage()) {
        batch.sendMessage().release();
      }
      return;
    }
    BatchBarrier barrier = new BatchBarrier(batch.onComplete(), loop);
    if (batch.hasCancel()) {
      cancel(s, batch.cancelStatus());
    }
    if (batch.hasSendInitialMetadata()) {
      barrier.add();
      barrier.done(sendHeaders(s, batch.sendInitialMetadata()));
    }
    if (batch.hasSendMessage()) {
      barrier.add();
      sendMessage(s, batch.sendMessage(), barrier);
    }
    if (batch.hasSendTrailingMetadata()) {
      barrier.add();
      barrier.done(sendTrailers(s, batch.sendTrailingMetadata(), batch.sendStatus()));
    }
    if (batch.hasRecvInitialMetadata()) {
      StreamOpBatch.InitialMetadataReady ready = batch.recvInitialMetadataReady();
      if (s.slots.recvInitial != null) {
        loop.callback(() -> ready.ready(null));
      } else {
        s.slots.recvInitial = ready;
      }
    }
    if (batch.hasRecvMessage()) {
      StreamOpBatch.MessageReady ready = batch.recvMessageReady();
      if (s.slots.recvMessage != null) {
        loop.callback(() -> ready.ready(null));
      } else {
        s.slots.recvMessage = ready;
      }
    }
    if (batch.hasRecvTrailingMetadata()) {
      StreamOpBatch.TrailingMetadataReady ready = batch.recvTrailingMetadataReady();
      if (s.slots.recvTrailing != null) {
        Status dup = Status.INTERNAL.withDescription("recvTrailingMetadata already pending");
        loop.callback(() -> ready.ready(new Metadata(), dup));
      } else {
        s.slots.recvTrailing = ready;
      }
    }
    barrier.done(Status.OK); // the processing hold
    pump(s);
    if (s.peer != null) {
      pump(s.peer);
    }
  }

  private static Status sendHeaders(InProcessStream s, Metadata headers) {
    if (s.failure != null) {
      return s.failure;
    }
    if (s.sentHeaders) {
      return Status.INTERNAL.withDescription("Initial metadata already sent");
    }
    if (s.outbound.ended() && !s.client) {
      return Status.INTERNAL.withDescription("Initial metadata after trailing metadata");
    }
    s.sentHeaders = true;
    Metadata copy = new Metadata(headers);
    s.stats().recordSent(copy.headerListSize(), 0, 0);
    s.outbound.setHeaders(copy);
    return Status.OK;
  }

  private static void sendMessage(InProcessStream s, Message message, BatchBarrier barrier) {
    if (s.failure != null) {
      message.release();
      barrier.done(s.failure);
      return;
    }
    if (s.outbound.ended()) {
      message.release();
      barrier.done(Status.INTERNAL.withDescription("Message after trailing metadata"));
      return;
    }
    if (s.outbound.isClosed()) {
      // The server already ended the call: like a write to a closed stream, it succeeds unseen.
      message.release();
      barrier.done(Status.OK);
      return;
    }
    Message handed;
    int length;
    if (message.canPassByReference()) {
      handed = message;
      // Message cannot tell a length without maybe serializing, which would defeat passing by
      // reference; such messages count only against the message-count budget.
      length = 0;
    } else {
      byte[] bytes;
      try {
        bytes = message.toByteArray();
      } catch (RuntimeException e) {
        message.release();
        Status failed = Status.INTERNAL.withDescription("Failed to serialize message").withCause(e);
        barrier.done(failed);
        cancel(s, failed);
        return;
      }
      // A fresh Message over the bytes: the receiver parses its own copy of the object.
      handed = Message.ofBytes(bytes, message.isCompressed());
      length = bytes.length;
      message.release();
    }
    s.stats().recordSent(0, length, 0);
    s.stats().recordMessageSent();
    if (s.outbound.offer(handed, length)) {
      barrier.done(Status.OK);
    } else {
      s.stats().recordFlowControlStall();
      s.slots.blockedSend = barrier;
    }
  }

  private static Status sendTrailers(InProcessStream s, Metadata trailers, Status status) {
    if (s.failure != null) {
      return s.failure;
    }
    if (s.outbound.ended()) {
      return Status.INTERNAL.withDescription("Trailing metadata already sent");
    }
    Metadata copy = new Metadata(trailers);
    s.stats().recordSent(copy.headerListSize(), 0, 0);
    if (s.client) {
      s.outbound.end(copy, null); // half-close; a status from a client means nothing
      return Status.OK;
    }
    if (status == null) {
      return Status.INTERNAL.withDescription("A server cannot half-close; send a status");
    }
    s.outbound.end(copy, status);
    s.sentTrailers = true;
    // The call is over for the server: nothing the client still sends will be read.
    s.inbound.close();
    BatchBarrier clientSend = s.peer.slots.takeBlockedSend();
    if (clientSend != null) {
      clientSend.done(Status.OK);
    }
    return Status.OK;
  }

  /** Completes whatever parked ops of {@code s} can complete now. */
  static void pump(InProcessStream s) {
    if (s.destroyed) {
      return;
    }
    SerialLoop loop = s.transport.loop();
    if (s.failure != null) {
      s.slots.failAll(s.failure, loop);
      s.transport.streamProgressed(s);
      return;
    }
    MessagePipe in = s.inbound;
    boolean inputOver = in.ended() || in.isClosed();
    if (s.slots.recvInitial != null && (in.headers() != null || inputOver)) {
      StreamOpBatch.InitialMetadataReady ready = s.slots.recvInitial;
      s.slots.recvInitial = null;
      Metadata headers = in.headers(); // null: trailers-only, or the server ended first
      if (headers != null) {
        s.stats().recordReceived(headers.headerListSize(), 0, 0);
      }
      loop.callback(() -> ready.ready(headers));
    }
    // Messages wait for the initial metadata, so headers always reach the receiver first.
    if (s.slots.recvMessage != null && (in.headers() != null || inputOver)) {
      StreamOpBatch.MessageReady ready = s.slots.recvMessage;
      if (!in.isEmpty()) {
        s.slots.recvMessage = null;
        MessagePipe.Entry e = in.poll();
        s.stats().recordReceived(0, e.length(), 0);
        s.stats().recordMessageReceived();
        Message message = e.message();
        loop.callback(() -> ready.ready(message));
        if (in.admitBlockedTail()) {
          BatchBarrier senderBatch = s.peer.slots.takeBlockedSend();
          if (senderBatch != null) {
            senderBatch.done(Status.OK);
          }
        }
      } else if (inputOver) {
        s.slots.recvMessage = null;
        loop.callback(() -> ready.ready(null));
      }
    }
    if (s.slots.recvTrailing != null) {
      StreamOpBatch.TrailingMetadataReady ready = s.slots.recvTrailing;
      if (s.client && in.ended() && in.isEmpty() && s.slots.recvMessage == null) {
        s.slots.recvTrailing = null;
        s.receivedTrailers = true;
        Metadata trailers = in.trailers();
        Status status = in.status();
        s.stats().recordReceived(trailers.headerListSize(), 0, 0);
        loop.callback(() -> ready.ready(trailers, status));
      } else if (!s.client && s.sentTrailers) {
        // Rule 4: "call closed" for the server once it has sent its trailers.
        s.slots.recvTrailing = null;
        Metadata trailers = in.trailers() != null ? in.trailers() : new Metadata();
        loop.callback(() -> ready.ready(trailers, Status.OK));
      }
    }
    s.transport.streamProgressed(s);
  }

  /** Cancels the call from {@code s}'s side. The first cancel wins; later ones are no-ops. */
  static void cancel(InProcessStream s, Status status) {
    if (s.destroyed || s.failure != null || s.finishedNormally()) {
      return;
    }
    fail(s, status);
    if (s.peer != null) {
      fail(s.peer, s.client ? cancelledByClient(status) : status);
    }
    closePipes(s);
  }

  /** Ends the call on both sides with {@code status} (transport close). */
  static void closeCall(InProcessStream s, Status status) {
    fail(s, status);
    if (s.peer != null) {
      fail(s.peer, status);
    }
    closePipes(s);
    s.transport.streamProgressed(s);
    if (s.peer != null) {
      s.peer.transport.streamProgressed(s.peer);
    }
  }

  /** Releases {@code s}; cancels the call first when this end has not finished. */
  static void destroy(InProcessStream s) {
    if (s.destroyed) {
      return;
    }
    if (s.failure == null && !s.finishedNormally()) {
      cancel(s, Status.CANCELLED.withDescription("Stream destroyed before the call ended"));
    }
    if (s.slots.blockedSend != null && s.outbound != null) {
      // A finished server's last message may still be read by the client; stop waiting for it.
      s.outbound.forgetBlockedTail();
      s.slots.takeBlockedSend().done(Status.OK);
    }
    s.slots.failAll(s.failure != null ? s.failure : Status.CANCELLED, s.transport.loop());
    s.destroyed = true;
    s.transport.forget(s);
    if (s.peer != null) {
      pump(s.peer);
    }
  }

  /** Marks {@code s} failed (unless it already ended) and completes its parked ops. */
  private static void fail(InProcessStream s, Status status) {
    if (s.destroyed) {
      return;
    }
    if (s.failure == null && !s.finishedNormally()) {
      s.failure = status;
    }
    s.slots.failAll(status, s.transport.loop());
  }

  private static void closePipes(InProcessStream s) {
    if (s.inbound != null) {
      s.inbound.close();
    }
    if (s.outbound != null) {
      s.outbound.close();
    }
  }

  /** What the server sees when the client cancels with {@code status}. */
  private static Status cancelledByClient(Status status) {
    String why = status.code() + (status.description() == null ? "" : ": " + status.description());
    return Status.CANCELLED.withDescription("Cancelled by the client (" + why + ")");
  }
}
