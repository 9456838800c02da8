package dev.sluice.channel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a channel's control work one task at a time, in submission order: name resolution
 * results, load-balancer calls, subchannel state changes, timers. Every resolver, load balancer
 * and subchannel callback of one channel runs here, so they need no locks of their own.
 *
 * <p>It has no thread: {@link #execute} queues the task and then drains the queue on the calling
 * thread unless another thread is already draining it (that thread then runs the task). A task
 * that calls {@code execute} therefore never runs the new task inside itself: it runs after the
 * current one ends. Tasks must not block. A task that throws is logged and the queue goes on.
 */
public final class SynchronizationContext implements Executor {

  private static final Logger log = System.getLogger("dev.sluice.channel");

  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Thread> drainer = new AtomicReference<>();

  /** Queues {@code task} and drains the queue here unless another thread is draining it. */
  @Override
  public void execute(Runnable task) {
    queue.add(Objects.requireNonNull(task, "task"));
    drain();
  }

  private void drain() {
    do {
      if (!drainer.compareAndSet(null, Thread.currentThread())) {
        return;
      }
      try {
        Runnable task;
        while ((task = queue.poll()) != null) {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            log.log(Level.ERROR, "A task of the channel's synchronization context threw", e);
          }
        }
      } finally {
        drainer.set(null);
      }
      // A task added after the last poll but before the drainer was cleared is run here.
    } while (!queue.isEmpty());
  }

  /**
   * True when the calling thread is running this context's tasks.
   *
   * @return whether the calling thread runs this context's tasks
   */
  public boolean isCurrentThread() {
    return drainer.get() == Thread.currentThread();
  }

  /** Throws IllegalStateException unless called from one of this context's tasks. */
  public void throwIfNotInThisContext() {
    if (!isCurrentThread()) {
      throw new IllegalStateException("Not called from the channel's synchronization context");
    }
  }

  /**
   * Runs {@code task} in this context {@code delay} from now on {@code time}'s clock.
   *
   * @param task what to run
   * @param delay how long from now
   * @param unit the unit of {@code delay}
   * @param time the clock and timer
   * @return a handle that cancels the task if it has not run
   */
  public TimeSource.Cancellable schedule(Runnable task, long delay, TimeUnit unit,
      TimeSource time) {
    Objects.requireNonNull(task, "task");
    Scheduled s = new Scheduled(task);
    s.timer = time.schedule(() -> execute(s), delay, unit);
    return s;
  }

  /** A timer task that, once cancelled from inside the context, is sure not to run. */
  private static final class Scheduled implements Runnable, TimeSource.Cancellable {
    private final Runnable task;
    private volatile boolean cancelled;
    volatile TimeSource.Cancellable timer;

    Scheduled(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      if (!cancelled) {
        task.run();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      TimeSource.Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
    }
  }
}
