package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;

/**
 * Runs a batch's {@code onComplete} once all of its send ops and its cancel are done, with OK or
 * the first failure (rule 2 of the batch contract, {@link dev.sluice.transport.StreamOpBatch}).
 * Used on the connection's thread only.
 */
final class BatchBarrier {

  private final StreamOpBatch.OnComplete onComplete;
  private int remaining;
  private Status failure;

  BatchBarrier(StreamOpBatch.OnComplete onComplete, int parts) {
    this.onComplete = onComplete;
    this.remaining = parts;
  }

  /** One part is done; {@code status} OK or why it failed. */
  void done(Status status) {
    if (remaining <= 0) {
      throw new IllegalStateException("Batch barrier completed more times than it has parts");
    }
    if (!status.isOk() && failure == null) {
      failure = status;
    }
    if (--remaining == 0 && onComplete != null) {
      onComplete.done(failure == null ? Status.OK : failure);
    }
  }
}
