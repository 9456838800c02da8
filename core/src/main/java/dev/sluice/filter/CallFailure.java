package dev.sluice.filter;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A filter's record that it ended a call itself (a limit passed, a message would not inflate):
 * the first such failure cancels the stream below once, and becomes the status the call reports,
 * even if the peer's own status arrived before the cancel reached it. Thread-safe.
 */
public final class CallFailure implements StreamOpBatch.TrailingMetadataReady {

  private static final VarHandle FAILURE;

  static {
    try {
      FAILURE = MethodHandles.lookup().findVarHandle(CallFailure.class, "failure", Status.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final BatchSink below;
  private volatile Status failure;
  /**
   * The call's own trailing-metadata callback, for which this object stands in. A call asks for
   * its trailing metadata once, so one field does; standing in saves a wrapper per call.
   */
  private volatile StreamOpBatch.TrailingMetadataReady reportTo;

  /** @param below where this filter passes batches: the cancel goes there */
  public CallFailure(BatchSink below) {
    this.below = below;
  }

  /** Ends the call with {@code status}, unless an earlier failure already did. */
  public void fail(Status status) {
    if (FAILURE.compareAndSet(this, null, status)) {
      below.startBatch(StreamOpBatch.cancel(status, s -> {}));
    }
  }

  /** Makes {@code batch}'s final status (if it asks for one) report the failure, if any. */
  public void reportOn(StreamOpBatch batch) {
    StreamOpBatch.TrailingMetadataReady ready = batch.recvTrailingMetadataReady();
    if (ready == null) {
      return;
    }
    if (reportTo == null) {
      reportTo = ready;
      batch.recvTrailingMetadata(this);
    } else {
      // A second request for the trailers (not one a Call makes): wrap it on its own.
      batch.recvTrailingMetadata((md, status) -> ready.ready(md, reported(status)));
    }
  }

  /**
   * The stand-in for the call's trailing-metadata callback (see {@link #reportOn}): passes the
   * trailers on with the failure, if any, as the status.
   */
  @Override
  public void ready(Metadata trailers, Status status) {
    reportTo.ready(trailers, reported(status));
  }

  private Status reported(Status status) {
    Status f = failure;
    return f != null ? f : status;
  }
}
