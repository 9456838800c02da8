package dev.sluice.filter;

import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A filter's record that it ended a call itself (a limit passed, a message would not inflate):
 * the first such failure cancels the stream below once, and becomes the status the call reports,
 * even if the peer's own status arrived before the cancel reached it. Thread-safe.
 */
public final class CallFailure {

  private final BatchSink below;
  private final AtomicReference<Status> failure = new AtomicReference<>();

  /** @param below where this filter passes batches: the cancel goes there */
  public CallFailure(BatchSink below) {
    this.below = below;
  }

  /** Ends the call with {@code status}, unless an earlier failure already did. */
  public void fail(Status status) {
    if (failure.compareAndSet(null, status)) {
      below.startBatch(StreamOpBatch.cancel(status, s -> {}));
    }
  }

  /** Makes {@code batch}'s final status (if it asks for one) report the failure, if any. */
  public void reportOn(StreamOpBatch batch) {
    StreamOpBatch.TrailingMetadataReady ready = batch.recvTrailingMetadataReady();
    if (ready != null) {
      batch.recvTrailingMetadata((md, status) -> {
        Status f = failure.get();
        ready.ready(md, f != null ? f : status);
      });
    }
  }
}
