package dev.sluice;

import dev.sluice.filter.BatchSink;
import dev.sluice.filter.CallInfo;
import dev.sluice.filter.Filter;
import dev.sluice.transport.StreamOpBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Applies one client call's {@link CallCredentials}: the batch that sends the request headers,
 * and every batch after it, wait while the credentials compute their headers; then the headers
 * are added and the batches go on in order. Nothing blocks: the wait is a callback. {@link
 * Channel} puts this filter into the stack of each call that has credentials (from its {@link
 * CallOptions} or the channel's), right below the application's filters; a call without
 * credentials does not have it at all.
 *
 * <ul>
 *   <li>When the credentials fail, the call fails UNAUTHENTICATED with their message.
 *   <li>When the channel is not secure and the credentials do not allow plaintext, the call fails
 *       UNAUTHENTICATED at once, and the credentials are never asked.
 *   <li>The call's deadline counts: if it passes during the wait, the call fails
 *       DEADLINE_EXCEEDED.
 *   <li>A cancel from the application during the wait ends the held batches with it.
 * </ul>
 */
final class CallCredentialsFilter implements Filter {

  private final CallCredentials creds;
  private final boolean secure;

  /**
   * @param creds the call's credentials
   * @param secure whether the channel's connections are secure ({@link
   *     dev.sluice.channel.ChannelSettings#secure()}); without it, only credentials that allow
   *     plaintext are sent
   */
  CallCredentialsFilter(CallCredentials creds, boolean secure) {
    this.creds = Objects.requireNonNull(creds, "creds");
    this.secure = secure;
  }

  /** {@code stack} with a filter for {@code creds} at index {@code at}. */
  static List<Filter> insert(List<Filter> stack, int at, CallCredentials creds, boolean secure) {
    List<Filter> all = new ArrayList<>(stack.size() + 1);
    all.addAll(stack);
    all.add(at, new CallCredentialsFilter(creds, secure));
    return all;
  }

  @Override
  public BatchSink newCall(CallInfo info, BatchSink next) {
    return info.client() ? new PerCall(info, next, creds, secure) : next;
  }

  private static final class PerCall implements BatchSink {
    private final CallInfo info;
    private final BatchSink next;
    private final CallCredentials creds;
    private final boolean secure;
    private final ArrayDeque<StreamOpBatch> held = new ArrayDeque<>(); // guarded by this
    private boolean waiting; // guarded by this
    private Status failed; // guarded by this
    private ScheduledFuture<?> deadlineTimer; // guarded by this

    PerCall(CallInfo info, BatchSink next, CallCredentials creds, boolean secure) {
      this.info = info;
      this.next = next;
      this.creds = creds;
      this.secure = secure;
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
      boolean ask;
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
        ask = !waiting && batch.hasSendInitialMetadata();
        if (ask && (secure || creds.allowsPlaintext())) {
          waiting = true;
          held.add(batch);
        }
      }
      if (batch.hasCancel()) {
        fail(batch.cancelStatus(), false);
        next.startBatch(batch);
        return;
      }
      if (!ask) {
        next.startBatch(batch);
        return;
      }
      if (!secure && !creds.allowsPlaintext()) {
        batch.failWith(refusePlaintext());
        return;
      }
      ask();
    }

    private Status refusePlaintext() {
      Status s = Status.UNAUTHENTICATED.withDescription("Call credentials were not sent for "
          + info.head().path() + ": the channel's connections are not secure (no TLS), and "
          + "these credentials do not allow plaintext (anyone on the path could read them); "
          + "use TLS, or credentials whose allowsPlaintext() is true");
      synchronized (this) {
        failed = s;
      }
      next.startBatch(StreamOpBatch.cancel(s, done -> {}));
      return s;
    }

    private void ask() {
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
