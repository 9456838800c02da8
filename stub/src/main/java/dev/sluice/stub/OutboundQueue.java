package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The send side of an observer-style call: the core allows one message in flight, so messages
 * written meanwhile wait here, and the final send (half-close or status) goes out after them.
 * Tells its owner when it drains, for on-ready handlers.
 *
 * <p>Thread-safe; sends are started outside the lock, since a batch may complete inline.
 */
final class OutboundQueue {

  private final Call call;
  private final Runnable onReady;
  private final UnaryOperator<Batch> decorate;
  private final Object lock = new Object();
  /** Messages waiting for the one in flight; made on the first (a unary answer never waits). */
  private ArrayDeque<Object> pending;
  private boolean sending;
  private Supplier<Batch> finalSend;
  private boolean closed;
  private boolean failed;

  /**
   * @param onReady runs (on a transport thread) each time the queue drains after having been busy
   * @param decorate adds to each message batch (the server's response headers, say)
   */
  OutboundQueue(Call call, Runnable onReady, UnaryOperator<Batch> decorate) {
    this.call = Objects.requireNonNull(call, "call");
    this.onReady = Objects.requireNonNull(onReady, "onReady");
    this.decorate = Objects.requireNonNull(decorate, "decorate");
  }

  /** True when a message written now would start at once. */
  boolean isReady() {
    synchronized (lock) {
      return !sending && (pending == null || pending.isEmpty()) && !closed && !failed;
    }
  }

  /**
   * Queues {@code message}.
   *
   * @return false when the call is over and the message was dropped
   * @throws IllegalStateException when the stream was already closed by its writer
   */
  boolean send(Object message) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("Message written after the stream was closed");
      }
      if (failed) {
        return false;
      }
      if (sending) {
        if (pending == null) {
          pending = new ArrayDeque<>(3);
        }
        pending.add(message);
        return true;
      }
      sending = true;
    }
    start(decorate.apply(new Batch()).sendMessage(message));
    return true;
  }

  /**
   * Sends the batch {@code last} makes after every queued message; nothing may follow it.
   *
   * @param dropPending true to drop queued messages first (the stream is failing)
   */
  void close(Supplier<Batch> last, boolean dropPending) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (dropPending && pending != null) {
        pending.clear();
      }
      if (sending) {
        finalSend = last;
        return;
      }
      sending = true;
    }
    start(last.get());
  }

  private void start(Batch batch) {
    Batches.run(call, batch, done -> sent(done.ok()));
  }

  private void sent(boolean ok) {
    Batch next = null;
    boolean drained = false;
    synchronized (lock) {
      sending = false;
      if (!ok) {
        // The call is over: nothing queued can go out any more.
        failed = true;
        if (pending != null) {
          pending.clear();
        }
        finalSend = null;
        return;
      }
      Object message = pending == null ? null : pending.poll();
      if (message != null) {
        next = decorate.apply(new Batch()).sendMessage(message);
      } else if (finalSend != null) {
        next = finalSend.get();
        finalSend = null;
      } else {
        drained = !closed;
      }
      sending = next != null;
    }
    if (next != null) {
      start(next);
    } else if (drained) {
      onReady.run();
    }
  }
}
