package dev.sluice.filter;

import dev.sluice.CallCredentials;
import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Applies a client call's {@link CallCredentials} (from {@code call.values()}, key {@link
 * CallCredentials#KEY}): the batch that sends the request headers, and every batch after it, wait
 * while the credentials compute their headers; then the headers are added and the batches go on
 * in order. Nothing blocks: the wait is a callback.
 *
 * <ul>
 *   <li>When the credentials fail, the call fails UNAUTHENTICATED with their message.
 *   <li>When the channel is not secure and the credentials do not allow plaintext, the call fails
 *       UNAUTHENTICATED at once, and the credentials are never asked.
 *   <li>The call's deadline counts: if it passes during the wait, the call fails
 *       DEADLINE_EXCEEDED.
 *   <li>A cancel from the application during the wait ends the held batches with it.
 * </ul>
 *
 * <pre>{@code
 * Channel channel = Channel.builder(target).transport(factory)
 *     .filter(new CallCredentialsFilter(factory.usesTls())).build();
 * }</pre>
 */
public final class CallCredentialsFilter implements Filter {

  private final boolean secure;

  /**
   * @param secure whether the channel's connections use TLS ({@code factory.usesTls()}); without
   *     it, only credentials that allow plaintext are sent
   */
  public CallCredentialsFilter(boolean secure) {
    this.secure = secure;
  }

  @Override
  public BatchSink newCall(CallInfo info, BatchSink next) {
    return info.client() ? new PerCall(info, next, secure) : next;
  }

  private static final class PerCall implements BatchSink {
    private final CallInfo info;
    private final BatchSink next;
    private final boolean secure;
    private final ArrayDeque<StreamOpBatch> held = new ArrayDeque<>(); // guarded by this
    private boolean waiting; // guarded by this
    private Status failed; // guarded by this
    private ScheduledFuture<?> deadlineTimer; // guarded by this

    PerCall(CallInfo info, BatchSink next, boolean secure) {
      this.info = info;
      this.next = next;
      this.secure = secure;
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
      CallCredentials creds;
      synchronized (this) {
        if (failed != null && !batch.hasCancel()) {
          batch.failWith(failed);
          return;
        }
        if (waiting) {
          if (!batch.hasCancel()) {
            held.add(batch);
            return;
          }
        }
        creds = !waiting && batch.hasSendInitialMetadata()
            ? info.values().get(CallCredentials.KEY) : null;
        if (creds != null && (secure || creds.allowsPlaintext())) {
          waiting = true;
          held.add(batch);
        }
      }
      if (batch.hasCancel()) {
        fail(batch.cancelStatus(), false);
        next.startBatch(batch);
        return;
      }
      if (creds == null) {
        next.startBatch(batch);
        return;
      }
      if (!secure && !creds.allowsPlaintext()) {
        batch.failWith(refusePlaintext());
        return;
      }
      ask(creds);
    }

    private Status refusePlaintext() {
      Status s = Status.UNAUTHENTICATED.withDescription("Call credentials were not sent for "
          + info.head().path() + ": the channel does not use TLS, and these credentials do not "
          + "allow plaintext (anyone on the path could read them); use TLS, or credentials "
          + "whose allowsPlaintext() is true");
      synchronized (this) {
        failed = s;
      }
      next.startBatch(StreamOpBatch.cancel(s, done -> {}));
      return s;
    }

    private void ask(CallCredentials creds) {
      Deadline deadline = info.head().deadline();
      if (deadline != null) {
        ScheduledFuture<?> t = info.scheduler().schedule(() -> fail(
            Status.DEADLINE_EXCEEDED.withDescription("Deadline exceeded while the call "
                + "credentials of " + info.head().path() + " were computed"), true),
            Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS);
        synchronized (this) {
          deadlineTimer = t;
        }
      }
      CompletionStage<Metadata> stage;
      try {
        stage = creds.headers(info.head().path(), info.head().authority());
      } catch (RuntimeException e) {
        fail(unauthenticated(e), true);
        return;
      }
      stage.whenComplete((headers, error) -> {
        if (error != null || headers == null) {
          fail(error != null ? unauthenticated(error) : Status.UNAUTHENTICATED
              .withDescription("Call credentials gave no headers"), true);
        } else {
          release(headers);
        }
      });
    }

    private static Status unauthenticated(Throwable error) {
      Throwable cause = error instanceof java.util.concurrent.CompletionException
          && error.getCause() != null ? error.getCause() : error;
      return Status.UNAUTHENTICATED.withDescription("Call credentials failed: "
          + (cause.getMessage() != null ? cause.getMessage() : cause.toString())).withCause(cause);
    }

    /** The headers are in: add them and send what was held, in order. */
    private void release(Metadata headers) {
      while (true) {
        StreamOpBatch b;
        synchronized (this) {
          if (failed != null) {
            return; // the deadline or a cancel came first
          }
          b = held.poll();
          if (b == null) {
            waiting = false;
            if (deadlineTimer != null) {
              deadlineTimer.cancel(false);
            }
            return;
          }
          if (b.hasSendInitialMetadata()) {
            b.sendInitialMetadata().addAll(headers);
          }
        }
        next.startBatch(b);
      }
    }

    /** Ends the held batches with {@code status}; cancels the stream below if asked. */
    private void fail(Status status, boolean cancelBelow) {
      ArrayDeque<StreamOpBatch> toFail;
      synchronized (this) {
        if (!waiting || failed != null) {
          return;
        }
        failed = status;
        toFail = new ArrayDeque<>(held);
        held.clear();
        if (deadlineTimer != null) {
          deadlineTimer.cancel(false);
        }
      }
      if (cancelBelow) {
        next.startBatch(StreamOpBatch.cancel(status, done -> {}));
      }
      for (StreamOpBatch b : toFail) {
        b.failWith(status);
      }
    }
  }
}
