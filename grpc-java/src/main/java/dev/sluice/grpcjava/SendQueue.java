package dev.sluice.grpcjava;

import dev.sluice.Batch;
import dev.sluice.Call;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The send side of a call in grpc-java's terms: grpc-java lets an application send messages one
 * after another without waiting, while a Sluice call takes one message batch at a time. Sends
 * wait here in order (headers, messages, then the final half-close or status) and each starts
 * when the one before completed. {@link #isReady()} is true while nothing waits or is in flight;
 * the on-ready callback runs each time the queue drains.
 *
 * <p>Thread-safe; batches start outside the lock, since one may complete inline.
 */
class SendQueue {

  /** For a call that never started: sends vanish, as grpc-java's do on a closed call. */
  static final SendQueue DISCARDING = new SendQueue() {
    @Override
    void start(Batch batch) {}

    @Override
    void close(Batch last) {}

    @Override
    boolean isReady() {
      return false;
    }
  };

  private final Call call;
  private final Runnable onReady;
  private final Object lock = new Object();
  private final ArrayDeque<Batch> pending = new ArrayDeque<>(3);
  private boolean inFlight;
  private boolean closed;
  private boolean failed;

  SendQueue(Call call, Runnable onReady) {
    this.call = Objects.requireNonNull(call, "call");
    this.onReady = Objects.requireNonNull(onReady, "onReady");
  }

  private SendQueue() {
    this.call = null;
    this.onReady = () -> {};
  }

  boolean isReady() {
    synchronized (lock) {
      return !inFlight && pending.isEmpty() && !closed && !failed;
    }
  }

  /** Sends one message with {@code flags} ({@code StreamOpBatch.FLAG_*}). */
  void send(Object message, int flags) {
    start(new Batch().sendMessage(message, flags));
  }

  /** Sends {@code last} after everything queued; nothing may follow it. */
  void close(Batch last) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("The call was already half-closed or closed");
      }
      closed = true;
    }
    start(last);
  }

  /** Queues {@code batch}, a send batch; dropped once the call failed. */
  void start(Batch batch) {
    synchronized (lock) {
      if (failed) {
        return;
      }
      if (inFlight) {
        pending.add(batch);
        return;
      }
      inFlight = true;
    }
    run(batch);
  }

  private void run(Batch batch) {
    call.startBatch(batch, (b, ok) -> sent(ok));
  }

  private void sent(boolean ok) {
    Batch next;
    boolean drained = false;
    synchronized (lock) {
      if (!ok) {
        // The call is over: nothing queued can go out any more.
        failed = true;
        inFlight = false;
        pending.clear();
        return;
      }
      next = pending.poll();
      inFlight = next != null;
      drained = next == null && !closed;
    }
    if (next != null) {
      run(next);
    } else if (drained) {
      onReady.run();
    }
  }
}
