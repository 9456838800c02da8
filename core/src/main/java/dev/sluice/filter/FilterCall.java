package dev.sluice.filter;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One call's view in a filter that checks or rewrites the messages it receives and may end the
 * call itself (a limit passed, a message would not inflate). The first such failure cancels the
 * stream below once, and becomes the status the call reports, even if the peer's own status
 * arrived before the cancel reached it.
 *
 * <p>It stands in for the callbacks it wraps (the receive in flight and the call's trailing
 * metadata) instead of making a wrapper per batch: a call receives one message at a time and asks
 * for its trailing metadata once, so a field each does. Thread-safe.
 */
public abstract class FilterCall implements BatchSink, StreamOpBatch.MessageReady,
    StreamOpBatch.TrailingMetadataReady {

  private static final VarHandle FAILURE;

  static {
    try {
      FAILURE = MethodHandles.lookup().findVarHandle(FilterCall.class, "failure", Status.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Where this filter passes batches; a failure's cancel goes there too. */
  protected final BatchSink next;
  private volatile Status failure;
  /** The receive in flight's own callback, for which this object stands in. */
  private volatile StreamOpBatch.MessageReady deliverTo;
  /** The call's own trailing-metadata callback, for which this object stands in. */
  private volatile StreamOpBatch.TrailingMetadataReady reportTo;

  /**
   * A call whose batches go on to {@code next}.
   *
   * @param next the layer below
   */
  protected FilterCall(BatchSink next) {
    this.next = next;
  }

  /**
   * What the call receives instead of {@code message} (null: the end of the stream). Returning
   * null after {@link #fail} drops it; the callee then owns (releases) what it does not return.
   *
   * @param message what arrived from below, or null at the end of the stream
   * @return what the layer above receives
   */
  protected abstract Message received(Message message);

  /**
   * Ends the call with {@code status}, unless an earlier failure already did.
   *
   * @param status the failure; not OK
   */
  protected final void fail(Status status) {
    if (FAILURE.compareAndSet(this, null, status)) {
      next.startBatch(StreamOpBatch.cancel(status, s -> {}));
    }
  }

  /**
   * Passes {@code batch} down, its receive routed through {@link #received} and its final status
   * replaced by this call's failure, if any.
   *
   * @param batch the batch from above
   */
  protected final void passDown(StreamOpBatch batch) {
    StreamOpBatch.MessageReady ready = batch.recvMessageReady();
    if (ready != null) {
      if (deliverTo == null) {
        deliverTo = ready;
        batch.recvMessage(this);
      } else {
        // A second receive in flight (not one a Call makes): wrap it on its own.
        batch.recvMessage(m -> ready.ready(received(m)));
      }
    }
    StreamOpBatch.TrailingMetadataReady trailers = batch.recvTrailingMetadataReady();
    if (trailers != null) {
      if (reportTo == null) {
        reportTo = trailers;
        batch.recvTrailingMetadata(this);
      } else {
        // A second request for the trailers (not one a Call makes): wrap it on its own.
        batch.recvTrailingMetadata((md, status) -> trailers.ready(md, reported(status)));
      }
    }
    next.startBatch(batch);
  }

  /** The stand-in for the receive's callback. */
  @Override
  public final void ready(Message message) {
    StreamOpBatch.MessageReady to = deliverTo;
    deliverTo = null; // before delivering: the receiver may ask for the next one at once
    to.ready(received(message));
  }

  /** The stand-in for the call's trailing-metadata callback. */
  @Override
  public final void ready(Metadata trailers, Status status) {
    reportTo.ready(trailers, reported(status));
  }

  private Status reported(Status status) {
    Status f = failure;
    return f != null ? f : status;
  }
}
