package dev.sluice.channel;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.channel.AttemptRecord.Outcome;
import dev.sluice.channel.StreamAttempt.SendRecord;
import dev.sluice.config.RetryPolicy;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.StreamStats;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A call's stream as the channel sees it: waits for a pick, then runs as a {@link StreamAttempt}
 * on the picked transport, and — until the call commits — can run again as a new attempt.
 *
 * <p><b>Waiting.</b> Batches that arrive before the first send only register their receive ops;
 * the first send asks the channel for a pick. Until a pick completes, sends are kept in a log
 * and receive ops wait; a cancel (the application's, or the deadline's) ends the call here.
 *
 * <p><b>Transparent retry</b> (gRFC A6; docs/channels.md, "GOAWAY and transparent retry"). The log
 * keeps every send until the call commits: the peer's headers or a message arrived, or more than
 * the per-call buffer limit bytes were sent. Until then, failed sends and empty receives are held
 * back; when the attempt ends in a way that proves the server application never saw the call — the
 * peer refused the stream (REFUSED_STREAM, or above a GOAWAY's last-stream-id: once per call), or
 * nothing of the stream crossed the connection (UNAVAILABLE with no frame either way: as often as
 * needed, up to {@link #MAX_UNSENT_RETRIES}) — the call is picked again, avoiding that transport,
 * and the log is sent again on the new stream. Otherwise the held results go up and the call ends.
 * Once committed and caught up, batches pass straight through to the transport.
 *
 * <p><b>Retry policy</b> (gRFC A6). The same log and re-pick serve a service
 * config's {@code retryPolicy}: {@link RetryState} judges a failed uncommitted attempt and starts
 * the next after its backoff, carrying {@code grpc-previous-rpc-attempts}.
 *
 * <p>Thread-safe: one lock guards the state; transport calls made under it never call back
 * inline (the transport contract), and results go up outside it.
 */
final class ChannelStream implements TransportStream, PickArgs {

  /** Retries of attempts that never reached the connection. */
  static final int MAX_UNSENT_RETRIES = 100;

  /** What a pick did with this stream. */
  enum PickOutcome { BOUND, WAIT, DONE }

  private final ClientChannel channel;
  private final CallHead head;
  private final CallOptions options;
  /** The call's retry policy at work; null without one. Set once more at the first bind. */
  private RetryState retry;
  private final boolean transparent;
  /** The channel's service config generation when the call was made. */
  private final int configGeneration;

  /** Once set, batches go straight to this attempt's stream. */
  private volatile StreamAttempt passthrough;

  // Guarded by this.
  private Metadata headers = new Metadata();
  private final SendLog log = new SendLog();
  private StreamOpBatch.InitialMetadataReady upHeaders;
  private StreamOpBatch.MessageReady upMessage;
  private StreamOpBatch.TrailingMetadataReady upTrailers;
  private boolean pickRequested;
  private StreamAttempt attempt;
  private StreamAttempt last;
  /** The last attempt given up for a retry; its stream is already destroyed. */
  private StreamAttempt retried;
  private boolean committed;
  private boolean cancelled;
  private boolean ended;
  private Status endedHere;
  private boolean refusedRetryUsed;
  private int unsentRetries;
  private Transport excluded;
  private Status lastPickError;
  private StreamStats noStats;
  AttemptTracing tracing; // the call's telemetry, set before the first op; null without any
  /** How the attempts ended; null until one was retried. */
  private List<AttemptRecord> records;
  private Status endStatus;

  /**
   * @param policy the method config's retry policy, or null
   * @param configGeneration the channel's config generation {@code policy} came from
   */
  ChannelStream(ClientChannel channel, CallHead head, CallOptions options, RetryPolicy policy,
      int configGeneration) {
    this.channel = channel;
    this.head = head;
    this.options = options;
    this.transparent = channel.transparentRetry();
    this.retry = policy == null ? null : new RetryState(policy, channel, this);
    this.committed = !transparent && retry == null;
    this.configGeneration = configGeneration;
  }

  // ---------------------------------------------------------------- from the call

  void performStreamOp(StreamOpBatch batch) {
    StreamAttempt p = passthrough;
    if (p != null) {
      p.transport.performStreamOp(p.stream, batch);
      return;
    }
    boolean pick = false;
    Runnable out = null;
    synchronized (this) {
      p = passthrough;
      if (p != null) {
        p.transport.performStreamOp(p.stream, batch);
        return;
      }
      if (endedHere != null) {
        Status s = endedHere;
        out = () -> batch.failWith(s);
      } else if (batch.hasCancel()) {
        out = cancel(batch);
      } else {
        boolean sends = take(batch);
        if (sends && !pickRequested) {
          pickRequested = true;
          pick = true;
        } else if (attempt != null) {
          log.pump(attempt, attempt.receives(batch));
          maybePassthrough();
        }
      }
    }
    if (out != null) {
      hop(out);
    }
    if (pick) {
      channel.pending().pickAndBind(this);
    }
  }

  /** Registers the batch's receive ops and logs its sends; true when it had sends. */
  private boolean take(StreamOpBatch b) {
    if (b.hasRecvInitialMetadata()) {
      upHeaders = b.recvInitialMetadataReady();
    }
    if (b.hasRecvMessage()) {
      upMessage = b.recvMessageReady();
    }
    if (b.hasRecvTrailingMetadata()) {
      upTrailers = b.recvTrailingMetadataReady();
    }
    if (!b.hasSendInitialMetadata() && !b.hasSendMessage() && !b.hasSendTrailingMetadata()) {
      return false;
    }
    if (b.hasSendInitialMetadata()) {
      headers = b.sendInitialMetadata();
    }
    long kept = log.add(b);
    if (!committed) {
      RetrySettings rs = channel.retrySettings();
      if (kept > rs.perCallBufferBytes()) {
        setCommitted(); // too much to keep for a retry
      } else if (retry != null && b.hasSendMessage()
          && retry.overChannelBuffer(b.sendMessage().length())) {
        setCommitted(); // the channel keeps too much for retries
      }
    }
    return true;
  }

  private CallEnd cancel(StreamOpBatch batch) {
    cancelled = true;
    if (attempt != null) {
      attempt.transport.performStreamOp(attempt.stream, batch); // ends the attempt, no retry
      return null;
    }
    channel.pending().remove(this);
    Status s = batch.cancelStatus();
    if (retry != null && retry.stopBackoff()) {
      s = s.withDescription(s.description() + ", while waiting to retry ("
          + records.get(records.size() - 1) + ")");
    } else if (s.code() == Status.Code.DEADLINE_EXCEEDED) {
      s = s.withDescription(s.description() + ", while waiting for a ready connection"
          + (lastPickError == null ? "" : " (last error: " + lastPickError.code() + ": "
              + lastPickError.description() + ")"));
    }
    CallEnd out = endHere(s);
    out.cancelDone = batch.onComplete();
    return out;
  }

  /** The call is over and done with: releases the attempt's stream. */
  void destroy() {
    StreamAttempt a;
    CallEnd out = null;
    synchronized (this) {
      a = last;
      if (a == retried) {
        a = null; // destroyed when it was given up
      }
      if (!ended) {
        channel.pending().remove(this);
        out = endHere(Status.CANCELLED.withDescription("Stream destroyed before it ended"));
      }
    }
    if (a != null) {
      a.transport.destroyStream(a.stream);
    }
    if (out != null) {
      hop(out);
    }
  }

  /** A hedge: keeps its sends until it commits even without transparent retry. */
  synchronized void keepLog() {
    committed = false;
  }

  // ---------------------------------------------------------------- picking

  /** Asks {@code picker} where to go, and goes there if it can. Outside any lock. */
  PickOutcome tryPick(Picker picker) {
    PickResult r;
    try {
      r = picker.pick(this);
    } catch (RuntimeException e) {
      r = PickResult.drop(Status.INTERNAL.withDescription("The load balancer's picker threw: "
          + e).withCause(e));
    }
    switch (r.kind()) {
      case COMPLETE -> {
        Transport t = r.subchannel().readyTransport();
        return t == null ? PickOutcome.WAIT : bind(t);
      }
      case QUEUE -> {
        return PickOutcome.WAIT;
      }
      case FAIL -> {
        synchronized (this) {
          lastPickError = r.status();
        }
        if (options.isWaitForReady()) {
          return PickOutcome.WAIT;
        }
        Status failed = ControlPlaneStatus.sanitize(r.status());
        if (retry != null && retryFailedPick(failed)) {
          return PickOutcome.DONE; // a timer picks again after the backoff
        }
        failHere(failed);
        return PickOutcome.DONE;
      }
      default -> {
        failHere(ControlPlaneStatus.sanitize(r.status()));
        return PickOutcome.DONE;
      }
    }
  }

  private PickOutcome bind(Transport t) {
    synchronized (this) {
      if (ended) {
        return PickOutcome.DONE;
      }
      if (last == null && retry == null && !committed
          && configGeneration != channel.configGeneration()) {
        // Made before the resolver's service config came: its retry policy applies.
        RetryPolicy p = channel.retryPolicyOf(head.path());
        retry = p == null ? null : new RetryState(p, channel, this);
      }
      if (t == excluded) {
        return PickOutcome.WAIT; // the transport that just failed this call: wait for news
      }
      StreamAttempt a = StreamAttempt.open(this, t, head, retry == null ? 0 : retry.previousAttempts);
      attempt = a;
      last = a;
      StreamOpBatch first = new StreamOpBatch();
      if (upHeaders != null) {
        first.recvInitialMetadata(a);
      }
      if (upMessage != null) {
        first.recvMessage(a);
      }
      if (upTrailers != null) {
        first.recvTrailingMetadata(a);
      }
      log.pump(a, first);
      maybePassthrough();
      return PickOutcome.BOUND;
    }
  }

  /** A new picker is out: the transport that failed this call may be fine again. */
  synchronized void clearExclusion() {
    excluded = null;
  }

  /** Ends the call here with {@code status} unless it has ended. */
  void failHere(Status status) {
    CallEnd out;
    synchronized (this) {
      if (ended) {
        return;
      }
      out = endHere(status);
    }
    hop(out);
  }

  private CallEnd endHere(Status status) {
    if (retry != null) {
      retry.stopBackoff();
    }
    ended = true;
    endedHere = status;
    endStatus = status;
    setCommitted();
    CallEnd out = new CallEnd(channel, new Metadata(), status);
    log.failAll(status, out);
    out.headers = upHeaders;
    out.message = upMessage;
    out.end = upTrailers;
    upHeaders = null;
    upMessage = null;
    upTrailers = null;
    return out;
  }

  private void hop(Runnable out) {
    channel.callbackExecutor().execute(out);
  }

  // ---------------------------------------------------------------- from the attempt

  void onHeaders(StreamAttempt a, Metadata received) {
    StreamOpBatch.InitialMetadataReady cb;
    List<Runnable> held = null;
    synchronized (this) {
      cb = upHeaders;
      if (a != attempt || ended || cb == null) {
        return;
      }
      if (received == null && !committed) {
        a.heldNoHeaders = true;
        return;
      }
      if (received != null) {
        held = commit();
      }
      upHeaders = null;
      maybePassthrough();
    }
    run(held);
    cb.ready(received);
  }

  void onMessage(StreamAttempt a, dev.sluice.transport.Message message) {
    StreamOpBatch.MessageReady cb;
    List<Runnable> held = null;
    synchronized (this) {
      cb = upMessage;
      if (a != attempt || ended || cb == null) {
        cb = null;
      } else if (message == null && !committed) {
        a.heldNoMessage = true;
        return;
      } else {
        if (message != null) {
          held = commit();
        }
        upMessage = null;
        maybePassthrough();
      }
    }
    if (cb == null) {
      if (message != null) {
        message.release(); // from an attempt that no longer counts
      }
      return;
    }
    run(held);
    cb.ready(message);
  }

  void onSendDone(StreamAttempt a, SendRecord r, Status status) {
    StreamOpBatch.OnComplete cb = null;
    synchronized (this) {
      if (a != attempt) {
        return;
      }
      if (r.message != null) {
        a.messageInFlight = false;
      }
      if (!r.upperDone && r.upper != null) {
        if (status.isOk() || committed) {
          r.upperDone = true;
          cb = r.upper;
        } else {
          r.heldFailure = status;
        }
      }
      if (!ended) {
        log.pump(a, null);
        maybePassthrough();
      }
    }
    if (cb != null) {
      cb.done(status);
    }
  }

  void onTrailers(StreamAttempt a, Metadata trailers, Status status) {
    CallEnd out;
    long delay = -1;
    synchronized (this) {
      if (a != attempt || ended) {
        return;
      }
      int number = a.previousAttempts + 1;
      Outcome outcome = Outcome.DELIVERED;
      if (!committed && !cancelled && mayRetry(status)) {
        if (transparent && shouldRetryTransparently(a, status)) {
          delay = 0;
          outcome = Outcome.TRANSPARENT_RETRY;
        } else if (retry != null) {
          delay = retry.decide(trailers, status);
          outcome = retry.lastOutcome;
        }
      } else if (retry != null && committed && !status.isOk()) {
        outcome = Outcome.COMMITTED;
      }
      if (retry != null && status.isOk()) {
        retry.onSuccess();
      }
      if (delay >= 0) {
        records = AttemptRecord.append(records, number, status, outcome);
        attempt = null;
        retried = a;
        excluded = outcome == Outcome.TRANSPARENT_RETRY ? a.picked : null;
        log.forgetHeldFailures();
        if (delay > 0) {
          retry.backingOff = true;
        }
        out = null;
      } else {
        if (retry != null) {
          retry.finalOutcome = outcome;
        }
        out = end(a, trailers, status);
      }
    }
    if (out != null) {
      out.run();
      return;
    }
    a.transport.destroyStream(a.stream);
    if (delay == 0) {
      channel.pending().pickAndBind(this);
    } else {
      retry.scheduleNextAttempt(delay); // after the backoff, on the channel's clock
    }
  }

  /** A failed pick of a call with a retry policy: true when a retry was scheduled. */
  private boolean retryFailedPick(Status failed) {
    long delay;
    synchronized (this) {
      if (ended || committed || cancelled || !mayRetry(failed)) {
        return false;
      }
      int number = retry.previousAttempts + 1;
      delay = retry.decide(null, failed);
      if (delay < 0) {
        return false;
      }
      records = AttemptRecord.append(records, number, failed, retry.lastOutcome);
      retry.backingOff = true;
    }
    retry.scheduleNextAttempt(Math.max(1, delay));
    return true;
  }

  private boolean mayRetry(Status status) {
    return !status.isOk() && !channel.isShutdownNow()
        && (head.deadline() == null || !head.deadline().isExpired());
  }

  private boolean shouldRetryTransparently(StreamAttempt a, Status status) {
    StreamStats stats = a.stream.stats();
    if (stats.unprocessed()) {
      if (refusedRetryUsed) {
        return false;
      }
      refusedRetryUsed = true;
      return true;
    }
    return status.code() == Status.Code.UNAVAILABLE && stats.neverSent()
        && ++unsentRetries <= MAX_UNSENT_RETRIES;
  }

  /** The call ends with the attempt's result: everything held goes up, in order. */
  private CallEnd end(StreamAttempt a, Metadata trailers, Status status) {
    ended = true;
    endStatus = status;
    setCommitted();
    CallEnd out = new CallEnd(channel, trailers, status);
    log.failUnsent(a, status, out);
    if (a.heldNoHeaders) {
      out.headers = upHeaders;
      upHeaders = null;
    }
    if (a.heldNoMessage) {
      out.message = upMessage;
      upMessage = null;
    }
    out.end = upTrailers;
    upTrailers = null;
    passthrough = a; // later batches reach the ended stream, which answers them
    return out;
  }

  /** The call is committed: no more retries; failures held so far go up. */
  private List<Runnable> commit() {
    if (committed) {
      return null;
    }
    setCommitted();
    List<Runnable> held = new ArrayList<>(0);
    log.reportHeldFailures(held);
    return held;
  }

  /** No more attempts: the call's sends leave the channel's retry buffer count. */
  private void setCommitted() {
    committed = true;
    if (retry != null) {
      retry.uncount();
    }
  }

  /** How each attempt ended, oldest first: see {@code Call.attempts()}. */
  synchronized List<AttemptRecord> attempts() {
    return AttemptRecord.history(records, retry == null ? 1 : retry.previousAttempts + 1,
        endStatus, retry == null ? Outcome.DELIVERED : retry.finalOutcome);
  }

  /** Once committed and every logged send is out, batches skip the log. */
  private void maybePassthrough() {
    if (committed && !ended && attempt != null && log.caughtUp(attempt)) {
      log.release();
      passthrough = attempt;
    }
  }

  private static void run(List<Runnable> out) {
    if (out != null) {
      for (Runnable r : out) {
        r.run();
      }
    }
  }

  // ---------------------------------------------------------------- TransportStream, PickArgs

  @Override
  public boolean isClient() {
    return true;
  }

  @Override
  public synchronized StreamStats stats() {
    if (last != null) {
      return last.stream.stats();
    }
    if (noStats == null) {
      noStats = new StreamStats();
    }
    return noStats;
  }

  @Override
  public String path() {
    return head.path();
  }

  @Override
  public synchronized Metadata headers() {
    return headers;
  }

  @Override
  public CallOptions callOptions() {
    return options;
  }

  @Override
  public String toString() {
    return "ChannelStream{" + head.path() + "}";
  }
}
