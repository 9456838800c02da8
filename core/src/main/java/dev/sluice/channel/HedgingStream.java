package dev.sluice.channel;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.channel.AttemptRecord.Outcome;
import dev.sluice.config.HedgingPolicy;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.StreamStats;
import dev.sluice.transport.TransportStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A call with a hedging policy (gRFC A6, hedging): up to maxAttempts hedges, each a
 * {@link ChannelStream} of its own (its own pick, and transparent retry), started {@code
 * hedgingDelay} apart while none has answered, at once after a non-fatal failure. Every send goes
 * to every live hedge, and is kept to be replayed on later ones; hedge k sends {@code
 * grpc-previous-rpc-attempts: k−1}. The first hedge to receive response headers (or end OK)
 * wins: the others are cancelled and the call runs on it. A fatal code ends the call; when every
 * hedge failed and none is left, the last failure does.
 *
 * <p>Thread-safe: one lock guards the state. Sends are handed to the hedges under it (so that a
 * new hedge's replay and later sends stay in order); a {@code ChannelStream} never calls back
 * inline, so this cannot deadlock. Results go up outside it.
 */
final class HedgingStream implements TransportStream {

  private final ClientChannel channel;
  private final CallHead head;
  private final CallOptions options;
  private final HedgingPolicy policy;
  private final int generation;
  /** The call's telemetry, set before the first op; null without any. */
  volatile dev.sluice.telemetry.ClientCallTracer tracer;

  // Guarded by this.
  private final List<Hedge> all = new ArrayList<>(2);
  private final List<Hedge> live = new ArrayList<>(2);
  private final List<Sent> log = new ArrayList<>(2);
  private StreamOpBatch.InitialMetadataReady upHeaders;
  private StreamOpBatch.MessageReady upMessage;
  private StreamOpBatch.TrailingMetadataReady upTrailers;
  private Hedge winner;
  private boolean started;
  private boolean noMoreHedges;
  private boolean ended;
  private Status endStatus;
  private TimeSource.Cancellable timer;

  HedgingStream(ClientChannel channel, CallHead head, CallOptions options, HedgingPolicy policy,
      int generation) {
    this.channel = channel;
    this.head = head;
    this.options = options;
    this.policy = policy;
    this.generation = generation;
  }

  /** One hedge: its stream, and the callback of the receive ops the coordinator gave it. */
  private final class Hedge implements StreamOpBatch.InitialMetadataReady,
      StreamOpBatch.TrailingMetadataReady {
    final int number;
    final ChannelStream stream;
    Status status;
    Outcome outcome;

    Hedge(int number, ChannelStream stream) {
      this.number = number;
      this.stream = stream;
    }

    @Override
    public void ready(Metadata received) {
      onHeaders(this, received);
    }

    @Override
    public void ready(Metadata trailers, Status s) {
      onTrailers(this, trailers, s);
    }
  }

  /** A batch's sends, kept for later hedges; its completion goes up on the first success. */
  private static final class Sent {
    final Metadata headers;
    final Message message;
    final int flags;
    final boolean halfClose;
    final StreamOpBatch.OnComplete upper;
    boolean upperDone;

    Sent(StreamOpBatch b) {
      headers = b.sendInitialMetadata();
      message = b.sendMessage();
      flags = b.sendMessageFlags();
      halfClose = b.hasSendTrailingMetadata();
      upper = b.onComplete();
    }
  }

  // ---------------------------------------------------------------- from the call

  void performStreamOp(StreamOpBatch batch) {
    List<Runnable> out = new ArrayList<>(1);
    boolean first = false;
    synchronized (this) {
      if (ended && winner == null) {
        Status s = endStatus;
        out.add(() -> batch.failWith(s));
      } else if (batch.hasCancel()) {
        cancel(batch, out);
      } else if (winner != null) {
        winner.stream.performStreamOp(forWinner(batch));
      } else {
        if (batch.hasRecvInitialMetadata()) {
          upHeaders = batch.recvInitialMetadataReady();
        }
        if (batch.hasRecvMessage()) {
          upMessage = batch.recvMessageReady();
        }
        if (batch.hasRecvTrailingMetadata()) {
          upTrailers = batch.recvTrailingMetadataReady();
        }
        if (batch.hasSendInitialMetadata() || batch.hasSendMessage()
            || batch.hasSendTrailingMetadata()) {
          Sent s = new Sent(batch);
          log.add(s);
          for (Hedge h : live) {
            h.stream.performStreamOp(sendOn(h, s));
          }
          first = !started;
          started = true;
        }
      }
    }
    out.forEach(Runnable::run);
    if (first) {
      startHedge();
    }
  }

  /** After the commit: the receive ops of the winner's stream stay the coordinator's. */
  private StreamOpBatch forWinner(StreamOpBatch b) {
    if (b.hasRecvTrailingMetadata()) {
      upTrailers = b.recvTrailingMetadataReady();
    }
    StreamOpBatch down = new StreamOpBatch();
    if (b.hasSendInitialMetadata()) {
      down.sendInitialMetadata(b.sendInitialMetadata());
    }
    if (b.hasSendMessage()) {
      down.sendMessage(b.sendMessage(), b.sendMessageFlags());
    }
    if (b.hasSendTrailingMetadata()) {
      down.sendHalfClose();
    }
    if (b.hasRecvMessage()) {
      down.recvMessage(b.recvMessageReady());
    }
    if (b.onComplete() != null) {
      down.onComplete(b.onComplete());
    }
    return down;
  }

  private StreamOpBatch sendOn(Hedge h, Sent s) {
    StreamOpBatch b = new StreamOpBatch();
    if (s.headers != null) {
      b.sendInitialMetadata(h.number == 1 ? s.headers : new Metadata(s.headers).add(
          RetryState.PREVIOUS_ATTEMPTS_KEY, Integer.toString(h.number - 1)));
    }
    if (s.message != null) {
      b.sendMessage(s.message, s.flags);
    }
    if (s.halfClose) {
      b.sendHalfClose();
    }
    b.onComplete(status -> onSendDone(s, status));
    return b;
  }

  private void onSendDone(Sent s, Status status) {
    StreamOpBatch.OnComplete up;
    synchronized (this) {
      if (s.upperDone || s.upper == null || !status.isOk() && !live.isEmpty() && !ended) {
        return; // a failure counts only if nothing else can still carry it
      }
      s.upperDone = true;
      up = s.upper;
    }
    up.done(status);
  }

  private void cancel(StreamOpBatch batch, List<Runnable> out) {
    noMoreHedges = true;
    stopTimer();
    Status status = batch.cancelStatus();
    StreamOpBatch.OnComplete done = batch.onComplete();
    if (done != null) {
      out.add(() -> done.done(Status.OK));
    }
    if (live.isEmpty()) {
      end(null, new Metadata(), status, out); // waiting for a pushback delay: nothing runs
      return;
    }
    for (Hedge h : live) {
      h.stream.performStreamOp(StreamOpBatch.cancel(status, null));
    }
  }

  /** The call is over and done with: releases every hedge's stream. */
  void destroy() {
    List<Hedge> hedges;
    List<Runnable> out = new ArrayList<>(1);
    synchronized (this) {
      hedges = List.copyOf(all);
      noMoreHedges = true;
      stopTimer();
      if (!ended) {
        end(null, new Metadata(), Status.CANCELLED.withDescription(
            "Stream destroyed before it ended"), out);
      }
    }
    for (Hedge h : hedges) {
      h.stream.destroy();
    }
    out.forEach(Runnable::run);
  }

  // ---------------------------------------------------------------- hedges

  /** Starts the next hedge, if the call still wants one; then arms the timer for the one after. */
  private void startHedge() {
    synchronized (this) {
      timer = null;
      if (ended || winner != null || noMoreHedges || all.size() >= policy.maxAttempts()) {
        return;
      }
      RetryThrottle throttle = channel.throttle();
      if (!all.isEmpty() && throttle != null && !throttle.allowsRetries()) {
        return; // throttled: a hedge is simply not sent
      }
      ChannelStream s = new ChannelStream(channel, head, options, null, generation);
      s.tracing = AttemptTracing.ofHedge(tracer, all.isEmpty());
      s.keepLog();
      Hedge h = new Hedge(all.size() + 1, s);
      all.add(h);
      live.add(h);
      channel.callStarted();
      s.performStreamOp(new StreamOpBatch().recvInitialMetadata(h).recvTrailingMetadata(h));
      for (Sent sent : log) {
        s.performStreamOp(sendOn(h, sent));
      }
      armTimer(policy.hedgingDelayNanos());
    }
  }

  private void armTimer(long delay) {
    stopTimer();
    if (all.size() >= policy.maxAttempts() || noMoreHedges) {
      return;
    }
    if (delay == 0) {
      channel.callbackExecutor().execute(this::startHedge);
    } else {
      timer = channel.time().schedule(this::startHedge, delay, TimeUnit.NANOSECONDS);
    }
  }

  private void stopTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void onHeaders(Hedge h, Metadata received) {
    StreamOpBatch.InitialMetadataReady cb;
    List<Hedge> losers;
    synchronized (this) {
      if (received == null || ended || winner != null) {
        return; // no headers: its trailers follow
      }
      losers = commit(h, true);
      cb = upHeaders;
      upHeaders = null;
    }
    cancelAll(losers);
    if (cb != null) {
      cb.ready(received);
    }
  }

  /** {@code h} wins: returns the hedges to cancel. */
  private List<Hedge> commit(Hedge h, boolean forwardMessage) {
    winner = h;
    noMoreHedges = true;
    stopTimer();
    List<Hedge> losers = new ArrayList<>(live);
    losers.remove(h);
    live.clear();
    live.add(h);
    for (Hedge l : losers) {
      l.outcome = Outcome.HEDGE_CANCELLED;
    }
    if (forwardMessage && upMessage != null) {
      h.stream.performStreamOp(new StreamOpBatch().recvMessage(upMessage));
      upMessage = null;
    }
    return losers;
  }

  private void cancelAll(List<Hedge> hedges) {
    Status s = Status.CANCELLED.withDescription("Another hedged attempt answered first");
    for (Hedge l : hedges) {
      l.stream.performStreamOp(StreamOpBatch.cancel(s, null));
    }
  }

  private void onTrailers(Hedge h, Metadata trailers, Status status) {
    List<Runnable> out = new ArrayList<>(3);
    List<Hedge> losers = List.of();
    boolean nextNow = false;
    synchronized (this) {
      h.status = status;
      live.remove(h);
      if (ended || winner != null && winner != h) {
        return;
      }
      if (winner == h || status.isOk()) {
        if (winner == null) {
          losers = commit(h, false); // a Trailers-Only OK wins too
        }
        if (status.isOk()) {
          RetryThrottle throttle = channel.throttle();
          if (throttle != null) {
            throttle.onSuccess();
          }
        }
        end(h, trailers, status, out);
      } else if (policy.nonFatalStatusCodes().contains(status.code())) {
        h.outcome = Outcome.HEDGE_FAILED;
        RetryThrottle throttle = channel.throttle();
        if (throttle != null) {
          throttle.onFailure();
        }
        long pushback = RetryState.pushbackMillis(trailers);
        if (pushback == -1) {
          noMoreHedges = true;
          stopTimer();
        } else if (pushback >= 0) {
          armTimer(pushback * 1_000_000L); // the next hedge then, later ones hedgingDelay apart
        } else {
          nextNow = true; // A6: a non-fatal failure sends the next hedge at once
        }
        boolean more = !noMoreHedges && all.size() < policy.maxAttempts()
            && (throttle == null || throttle.allowsRetries());
        if (live.isEmpty() && !more) {
          h.outcome = null;
          end(h, trailers, status, out); // every hedge failed: the last failure ends the call
        }
      } else {
        losers = new ArrayList<>(live); // a fatal code ends everything
        live.clear();
        noMoreHedges = true;
        stopTimer();
        end(h, trailers, status, out);
      }
    }
    cancelAll(losers);
    if (nextNow) {
      startHedge();
    }
    out.forEach(Runnable::run);
  }

  /** The call ends with {@code status}: what the call waits for goes up. Under the lock. */
  private void end(Hedge h, Metadata trailers, Status status, List<Runnable> out) {
    ended = true;
    endStatus = status;
    if (h != null && h.outcome == null) {
      h.outcome = Outcome.DELIVERED;
    }
    for (Sent s : log) {
      if (!s.upperDone && s.upper != null) {
        s.upperDone = true;
        Status f = status.isOk()
            ? Status.CANCELLED.withDescription("The call ended before this was sent") : status;
        out.add(() -> s.upper.done(f));
      }
    }
    StreamOpBatch.InitialMetadataReady hd = upHeaders;
    StreamOpBatch.MessageReady m = upMessage;
    StreamOpBatch.TrailingMetadataReady t = upTrailers;
    upHeaders = null;
    upMessage = null;
    upTrailers = null;
    if (hd != null) {
      out.add(() -> hd.ready(null));
    }
    if (m != null) {
      out.add(() -> m.ready((Message) null));
    }
    if (t != null) {
      out.add(() -> t.ready(trailers, status));
    }
    out.add(channel::callEnded);
  }

  /** How each hedge ended (see {@code Call.attempts()}). */
  synchronized List<AttemptRecord> attempts() {
    List<AttemptRecord> records = new ArrayList<>(all.size());
    for (Hedge h : all) {
      if (h.status != null || h.outcome != null) {
        records.add(new AttemptRecord(h.number, h.status != null ? h.status
            : Status.CANCELLED, h.outcome != null ? h.outcome : Outcome.HEDGE_CANCELLED));
      }
    }
    return List.copyOf(records);
  }

  // ---------------------------------------------------------------- TransportStream

  @Override
  public boolean isClient() {
    return true;
  }

  @Override
  public synchronized StreamStats stats() {
    Hedge h = winner != null ? winner : all.isEmpty() ? null : all.get(all.size() - 1);
    return h == null ? new StreamStats() : h.stream.stats();
  }

  @Override
  public String toString() {
    return "HedgingStream{" + head.path() + "}";
  }
}
