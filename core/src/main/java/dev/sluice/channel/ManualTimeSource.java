package dev.sluice.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A virtual clock for tests: time stands still until {@link #forward} moves it, and timers run
 * then, on the thread that moves it, each at its due time in order. Give it to {@code
 * Channel.Builder.timeSource} to check backoff, connect timeouts, Happy Eyeballs and idle mode
 * without waiting. Thread-safe.
 */
public final class ManualTimeSource implements TimeSource {

  private record Task(long due, long seq, Runnable run) {}

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
      ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
    Task t;
    synchronized (this) {
      t = new Task(now + Math.max(0, unit.toNanos(delay)), seq++, task);
      tasks.add(t);
    }
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /**
   * Moves time forward by {@code d}, running every timer that comes due on the way.
   *
   * @param d how far to move
   */
  public void forward(Duration d) {
    forwardNanos(d.toNanos());
  }

  /**
   * Moves time forward by {@code nanos}; see {@link #forward}.
   *
   * @param nanos how far to move
   */
  public void forwardNanos(long nanos) {
    long target;
    synchronized (this) {
      target = now + nanos;
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      next.run.run();
    }
  }

  /** Runs the timers due now (time does not move). */
  public void runDueTasks() {
    forwardNanos(0);
  }

  /**
   * How many timers are pending.
   *
   * @return the number of timers not yet run or cancelled
   */
  public synchronized int pendingTimers() {
    return tasks.size();
  }

  /**
   * The delays from now of the pending timers, soonest first.
   *
   * @return the delay until each pending timer runs
   */
  public synchronized List<Duration> pendingDelays() {
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(tasks.comparator());
    List<Duration> out = new ArrayList<>();
    for (Task t : sorted) {
      out.add(Duration.ofNanos(t.due - now));
    }
    return out;
  }
}
