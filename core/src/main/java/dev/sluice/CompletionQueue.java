package dev.sluice;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where batches started with a tag report their completion, as in the gRPC core: start batches
 * with {@link Call#startBatch(Batch, CompletionQueue, Object)}, then call {@link #next} to learn which finished.
 *
 * <p>Any number of threads may call {@code next}. After {@link #shutdown}, no new batch may use
 * the queue, but the events of batches already started are still handed out; once they all
 * are, {@code next} returns {@link Event.Type#QUEUE_SHUTDOWN}.
 */
public final class CompletionQueue {

  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  /** Batches started against this queue whose event has not been taken yet. */
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile boolean shutdown;

  /**
   * Waits for the next event until {@code timeout} passes.
   *
   * @return an OP_COMPLETE event, QUEUE_TIMEOUT, or QUEUE_SHUTDOWN once shut down and drained
   * @param timeout how long to wait at most
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public Event next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (shutdown && outstanding.get() == 0 && events.isEmpty()) {
        return Event.SHUTDOWN;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        Event e = events.poll();
        if (e == SHUTDOWN_WAKEUP) {
          e = events.poll();
        }
        return e == null ? Event.TIMEOUT : taken(e);
      }
      // Wake up now and then while shut down, so a drained queue reports SHUTDOWN promptly.
      long wait = shutdown ? Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)) : left;
      Event e = events.poll(wait, TimeUnit.NANOSECONDS);
      if (e == SHUTDOWN_WAKEUP) {
        continue;
      }
      if (e != null) {
        return taken(e);
      }
    }
  }

  /**
   * Waits without limit for the next event.
   *
   * @return an OP_COMPLETE event, or QUEUE_SHUTDOWN once shut down and drained
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public Event next() throws InterruptedException {
    return next(Duration.ofNanos(Long.MAX_VALUE));
  }

  private Event taken(Event e) {
    outstanding.decrementAndGet();
    return e;
  }

  /** Stops the queue accepting new batches; pending events are still delivered. Idempotent. */
  public void shutdown() {
    shutdown = true;
    events.add(SHUTDOWN_WAKEUP);
  }

  /** {@return true once {@link #shutdown()} was called} */
  public boolean isShutdown() {
    return shutdown;
  }

  /** A marker that wakes a waiting {@code next} after shutdown; never returned to callers. */
  private static final Event SHUTDOWN_WAKEUP = new Event(Event.Type.QUEUE_SHUTDOWN, null, false);

  /** Reserves a slot for a batch about to start; fails if the queue is shut down. */
  void beginBatch() {
    if (shutdown) {
      throw new IllegalStateException("The completion queue is shut down");
    }
    outstanding.incrementAndGet();
  }

  /** Posts the completion of a batch that {@link #beginBatch} reserved. */
  void post(Object tag, boolean ok) {
    events.add(new Event(Event.Type.OP_COMPLETE, tag, ok));
  }
}
