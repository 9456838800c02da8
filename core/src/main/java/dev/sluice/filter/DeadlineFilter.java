package dev.sluice.filter;

import dev.sluice.Deadline;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends calls whose deadline passes. On either side, when the deadline passes before the call has
 * ended, it cancels the stream with DEADLINE_EXCEEDED; on the client it also turns a CANCELLED
 * status that arrives after the deadline (the server gave up first) into DEADLINE_EXCEEDED, as
 * the C core does.
 *
 * <p>The timer is cancelled when the call's trailing metadata arrives, so finished calls cost
 * nothing. A call whose deadline has already passed never gets this far on the client: the
 * channel fails it before opening a stream.
 */
public final class DeadlineFilter implements Filter {

  @Override
  public BatchSink newCall(CallInfo info, BatchSink next) {
    Deadline deadline = info.head().deadline();
    if (deadline == null) {
      return next;
    }
    return new PerCall(info, deadline, next);
  }

  private static final class PerCall implements BatchSink {
    private final CallInfo info;
    private final Deadline deadline;
    private final BatchSink next;
    private final ScheduledFuture<?> timer;

    PerCall(CallInfo info, Deadline deadline, BatchSink next) {
      this.info = info;
      this.deadline = deadline;
      this.next = next;
      long nanos = Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS));
      this.timer = info.scheduler().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }

    private void expire() {
      String side = info.client() ? "client" : "server";
      Status status = Status.DEADLINE_EXCEEDED.withDescription(
          "Deadline exceeded on the " + side + " for " + info.head().path()
              + " (the call was given " + describe() + ")");
      next.startBatch(StreamOpBatch.cancel(status, s -> {}));
    }

    private String describe() {
      return "a deadline that passed " + (-deadline.timeRemaining(TimeUnit.MILLISECONDS))
          + " ms ago";
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
      StreamOpBatch.TrailingMetadataReady ready = batch.recvTrailingMetadataReady();
      if (ready != null) {
        batch.recvTrailingMetadata((trailers, status) -> {
          timer.cancel(false);
          if (info.client() && status.code() == Status.Code.CANCELLED && deadline.isExpired()) {
            status = Status.DEADLINE_EXCEEDED.withDescription(
                "Deadline exceeded: the call was cancelled after its deadline passed"
                    + (status.description() == null ? "" : " (" + status.description() + ")"));
          }
          ready.ready(trailers, status);
        });
      }
      next.startBatch(batch);
    }
  }
}
