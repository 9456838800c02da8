package dev.sluice.channel;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.channel.StreamAttempt.SendRecord;
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
 * <p><b>Transparent retry</b> (CHANNEL_SPEC §4.5). The log keeps every send until the call
 * commits: the peer's headers or a message arrived, or more than {@link #RETRY_BUFFER_LIMIT}
 * bytes were sent. Until then, failed sends and empty receives are held back; when the attempt
 * ends in a way that proves the server application never saw the call — the peer refused the
 * stream (REFUSED_STREAM, or above a GOAWAY's last-stream-id: once per call), or nothing of the
 * stream crossed the connection (UNAVAILABLE with no frame either way: as often as needed, up to
 * {@link #MAX_UNSENT_RETRIES}) — the call is picked again, avoiding that transport, and the log
 * is sent again on the new stream. Otherwise the held results go up and the call ends. Once
 * committed and caught up, batches pass straight through to the transport.
 *
 * <p>Thread-safe: one lock guards the state; transport calls made under it never call back
 * inline (the transport contract), and results go up outside it.
 */
final class ChannelStream implements TransportStream, PickArgs {

  /** Bytes of sent messages kept for a retry; past this the call commits. */
  static final long RETRY_BUFFER_LIMIT = 1 << 20;
  /** Retries of attempts that never reached the connection. */
  static final int MAX_UNSENT_RETRIES = 100;

  /** What a pick did with this stream. */
  enum Outcome { BOUND, WAIT, DONE }

  private final ClientChannel channel;
  private final CallHead head;
  private final CallOptions options;

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

  ChannelStream(ClientChannel channel, CallHead head, CallOptions options) {
    this.channel = channel;
    this.head = head;
    this.options = options;
    this.committed = !channel.transparentRetry();
  }

  // ---------------------------------------------------------------- from the call

  void performStreamOp(StreamOpBatch batch) {
    StreamAttempt p = passthrough;
    if (p != null) {
      p.transport.performStreamOp(p.stream, batch);
      return;
    }
    boolean pick = false;
    List<Runnable> out = null;
    synchronized (this) {
      p = passthrough;
      if (p != null) {
        p.transport.performStreamOp(p.stream, batch);
        return;
      }
      if (endedHere != null) {
        Status s = endedHere;
        out = List.of(() -> batch.failWith(s));
      } else if (batch.hasCancel()) {
        out = cancel(batch);
      } else {
        boolean sends = take(batch);
        if (sends && !pickRequested) {
          pickRequested = true;
          pick = true;
        } else if (attempt != null) {
          log.pump(attempt, receives(attempt, batch));
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
    if (log.add(b) > RETRY_BUFFER_LIMIT) {
      committed = true; // too much to keep for a retry
    }
    return true;
  }

  private StreamOpBatch receives(StreamAttempt a, StreamOpBatch b) {
    if (!b.hasRecvInitialMetadata() && !b.hasRecvMessage() && !b.hasRecvTrailingMetadata()) {
      return null;
    }
    StreamOpBatch down = new StreamOpBatch();
    if (b.hasRecvInitialMetadata()) {
      down.recvInitialMetadata(a);
    }
    if (b.hasRecvMessage()) {
      down.recvMessage(a);
    }
    if (b.hasRecvTrailingMetadata()) {
      down.recvTrailingMetadata(a);
    }
    return down;
  }

  private List<Runnable> cancel(StreamOpBatch batch) {
    cancelled = true;
    if (attempt != null) {
      attempt.transport.performStreamOp(attempt.stream, batch); // ends the attempt, no retry
      return null;
    }
    channel.pending().remove(this);
    Status s = batch.cancelStatus();
    if (s.code() == Status.Code.DEADLINE_EXCEEDED) {
      s = s.withDescription(s.description() + ", while waiting for a ready connection"
          + (lastPickError == null ? "" : " (last error: " + lastPickError.code() + ": "
              + lastPickError.description() + ")"));
    }
    List<Runnable> out = endHere(s);
    StreamOpBatch.OnComplete done = batch.onComplete();
    if (done != null) {
      out.add(0, () -> done.done(Status.OK));
    }
    return out;
  }

  /** The call is over and done with: releases the attempt's stream. */
  void destroy() {
    StreamAttempt a;
    List<Runnable> out = null;
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

  // ---------------------------------------------------------------- picking

  /** Asks {@code picker} where to go, and goes there if it can. Outside any lock. */
  Outcome tryPick(Picker picker) {
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
        return t == null ? Outcome.WAIT : bind(t);
      }
      case QUEUE -> {
        return Outcome.WAIT;
      }
      case FAIL -> {
        synchronized (this) {
          lastPickError = r.status();
        }
        if (options.isWaitForReady()) {
          return Outcome.WAIT;
        }
        failHere(ControlPlaneStatus.sanitize(r.status()));
        return Outcome.DONE;
      }
      default -> {
        failHere(ControlPlaneStatus.sanitize(r.status()));
        return Outcome.DONE;
      }
    }
  }

  private Outcome bind(Transport t) {
    synchronized (this) {
      if (ended) {
        return Outcome.DONE;
      }
      if (t == excluded) {
        return Outcome.WAIT; // the transport that just failed this call: wait for news
      }
      StreamAttempt a = new StreamAttempt(this, t, t.initStream(head));
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
      return Outcome.BOUND;
    }
  }

  /** A new picker is out: the transport that failed this call may be fine again. */
  synchronized void clearExclusion() {
    excluded = null;
  }

  /** Ends the call here with {@code status} unless it has ended. */
  void failHere(Status status) {
    List<Runnable> out;
    synchronized (this) {
      if (ended) {
        return;
      }
      out = endHere(status);
    }
    hop(out);
  }

  private List<Runnable> endHere(Status status) {
    ended = true;
    endedHere = status;
    committed = true;
    List<Runnable> out = new ArrayList<>();
    out.add(channel::callEnded); // first: the idle timer is armed before anyone sees the end
    log.failAll(status, out);
    StreamOpBatch.InitialMetadataReady h = upHeaders;
    StreamOpBatch.MessageReady m = upMessage;
    StreamOpBatch.TrailingMetadataReady t = upTrailers;
    upHeaders = null;
    upMessage = null;
    upTrailers = null;
    if (h != null) {
      out.add(() -> h.ready(null));
    }
    if (m != null) {
      out.add(() -> m.ready(null));
    }
    if (t != null) {
      out.add(() -> t.ready(new Metadata(), status));
    }
    return out;
  }

  private void hop(List<Runnable> out) {
    channel.callbackExecutor().execute(() -> out.forEach(Runnable::run));
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
    List<Runnable> out;
    synchronized (this) {
      if (a != attempt || ended) {
        return;
      }
      if (!committed && !cancelled && shouldRetry(a, status)) {
        attempt = null;
        retried = a;
        excluded = a.transport;
        log.forgetHeldFailures();
        out = null;
      } else {
        out = end(a, trailers, status);
      }
    }
    if (out == null) {
      a.transport.destroyStream(a.stream);
      channel.pending().pickAndBind(this);
    } else {
      run(out);
    }
  }

  private boolean shouldRetry(StreamAttempt a, Status status) {
    if (status.isOk() || channel.isShutdownNow()
        || head.deadline() != null && head.deadline().isExpired()) {
      return false;
    }
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
  private List<Runnable> end(StreamAttempt a, Metadata trailers, Status status) {
    ended = true;
    committed = true;
    List<Runnable> out = new ArrayList<>();
    out.add(channel::callEnded); // first: the idle timer is armed before anyone sees the end
    log.failUnsent(a, status, out);
    StreamOpBatch.InitialMetadataReady h = a.heldNoHeaders ? upHeaders : null;
    StreamOpBatch.MessageReady m = a.heldNoMessage ? upMessage : null;
    StreamOpBatch.TrailingMetadataReady t = upTrailers;
    if (h != null) {
      upHeaders = null;
      out.add(() -> h.ready(null));
    }
    if (m != null) {
      upMessage = null;
      out.add(() -> m.ready(null));
    }
    upTrailers = null;
    if (t != null) {
      out.add(() -> t.ready(trailers, status));
    }
    passthrough = a; // later batches reach the ended stream, which answers them
    return out;
  }

  /** The call is committed: no more retries; failures held so far go up. */
  private List<Runnable> commit() {
    if (committed) {
      return null;
    }
    committed = true;
    List<Runnable> held = new ArrayList<>(0);
    log.reportHeldFailures(held);
    return held;
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
  public synchronized dev.sluice.transport.Endpoint endpoint() {
    StreamAttempt a = attempt != null ? attempt : last;
    return a == null ? null : a.transport.endpoint();
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
