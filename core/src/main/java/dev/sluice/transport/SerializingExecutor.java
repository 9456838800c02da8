package dev.sluice.transport;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on threads of a delegate executor: the
 * in-process counterpart of an event loop. Tasks submitted while one runs are drained by the same
 * thread before it lets go, so a burst costs one hop.
 *
 * <p>A task that throws is logged and does not stop the queue.
 */
public final class SerializingExecutor implements Executor {

  private static final Logger log = System.getLogger("dev.sluice.core");

  private final Executor delegate;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Thread drainingThread;
  /** The drain task, made once: scheduling happens for most bursts, often once per call. */
  private final Runnable drainTask = this::drain;

  /**
   * An executor that runs tasks on {@code delegate}, one at a time, in order.
   *
   * @param delegate runs the tasks
   */
  public SerializingExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void execute(Runnable task) {
    queue.add(Objects.requireNonNull(task, "task"));
    schedule();
  }

  /** {@return true when the calling thread is the one running this executor's tasks} */
  public boolean inThisExecutor() {
    return drainingThread == Thread.currentThread();
  }

  private void schedule() {
    if (running.compareAndSet(false, true)) {
      try {
        delegate.execute(drainTask);
      } catch (RuntimeException e) {
        running.set(false);
        throw e;
      }
    }
  }

  private void drain() {
    drainingThread = Thread.currentThread();
    try {
      Runnable task;
      while ((task = queue.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.log(Level.ERROR, "Task threw in a serializing executor", e);
        }
      }
    } finally {
      drainingThread = null;
      running.set(false);
    }
    // A task may have been added after the last poll but before running was cleared.
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
