package dev.sluice.inproc;

import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;

/**
 * The counting barrier behind a batch's {@code onComplete}: one count per send op and cancel,
 * plus one held while the batch is being processed, so the callback cannot run before every op
 * of the batch has been seen. Recv ops are not counted (they have their own callbacks).
 *
 * <p>Loop only.
 */
final class BatchBarrier {

  private final StreamOpBatch.OnComplete onComplete;
  private final SerialLoop loop;
  private int pending = 1;
  private Status failure;

  BatchBarrier(StreamOpBatch.OnComplete onComplete, SerialLoop loop) {
    this.onComplete = onComplete;
    this.loop = loop;
  }

  /** Counts one more op that must finish before onComplete. */
  void add() {
    pending++;
  }

  /** One counted op (or the processing hold) finished with {@code status}. */
  void done(Status status) {
    if (!status.isOk() && failure == null) {
      failure = status;
    }
    if (--pending == 0 && onComplete != null) {
      Status result = failure == null ? Status.OK : failure;
      loop.callback(() -> onComplete.done(result));
    }
  }
}
