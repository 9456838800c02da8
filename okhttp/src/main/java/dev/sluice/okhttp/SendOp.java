package dev.sluice.okhttp;

import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One send of a stream (initial metadata, a message or the half-close) and the batch it belongs
 * to. Finished once, on the transport's serializer. A message belongs to whoever
 * {@linkplain #claim() claims} it first: the writer thread that writes it, or the stream that
 * drops it; that one releases it.
 */
final class SendOp {

  /** Completion of one batch's send ops and cancel: the first failure wins. */
  static final class Barrier {
    private int remaining;
    private Status first = Status.OK;
    private final StreamOpBatch.OnComplete onComplete;

    /** {@code ops} sends, plus one hold released when the batch has been taken apart. */
    Barrier(int ops, StreamOpBatch.OnComplete onComplete) {
      this.remaining = ops + 1;
      this.onComplete = onComplete;
    }

    void arrive(Status status) {
      if (!status.isOk() && first.isOk()) {
        first = status;
      }
      if (--remaining == 0 && onComplete != null) {
        onComplete.done(first);
      }
    }
  }

  enum Kind { HEADERS, MESSAGE, HALF_CLOSE }

  final Kind kind;
  final Message message;
  final int flags;
  private final Barrier barrier;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private boolean finished;

  SendOp(Kind kind, Message message, int flags, Barrier barrier) {
    this.kind = kind;
    this.message = message;
    this.flags = flags;
    this.barrier = barrier;
  }

  /** True for the one caller that takes the message (to write it, or to drop it). */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  /** Serializer only: completes this send once; later calls do nothing. */
  void finish(Status status) {
    if (!finished) {
      finished = true;
      barrier.arrive(status);
    }
  }

  boolean finished() {
    return finished;
  }

  /** Serializer only: finishes the send without writing it, releasing a message not taken. */
  void drop(Status status) {
    if (message != null && claim()) {
      message.release();
    }
    finish(status);
  }
}
