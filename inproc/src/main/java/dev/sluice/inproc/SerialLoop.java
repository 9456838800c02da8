package dev.sluice.inproc;

import dev.sluice.transport.SerializingExecutor;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The one thread of control shared by both ends of an in-process connection.
 *
 * <p>State work is submitted as tasks to a {@link SerializingExecutor}. A task changes state and
 * only <em>queues</em> the callbacks it produces; they run after the task, still inside the
 * executor, in the order they were queued. User code therefore never runs while the stream state
 * is half updated, and a callback that calls back into the transport only enqueues more work.
 *
 * <p>Everything except {@link #submit} and {@link #inLoop} must be called inside the executor.
 */
final class SerialLoop {

  private static final Logger log = System.getLogger("dev.sluice.inproc");

  private final SerializingExecutor executor;
  private final ArrayDeque<Runnable> callbacks = new ArrayDeque<>();
  private boolean draining;

  SerialLoop(SerializingExecutor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Any thread: runs {@code work} later in the loop, then the callbacks it queued. */
  void submit(Runnable work) {
    executor.execute(() -> runNow(work));
  }

  /** Any thread: runs {@code callback} later in the loop, as a callback (user code). */
  void submitCallback(Runnable callback) {
    submit(() -> callback(callback));
  }

  /** True when the caller is the loop's thread. */
  boolean inLoop() {
    return executor.inThisExecutor();
  }

  /**
   * Loop only: runs {@code work} now. Its callbacks run right after it, or, when called from a
   * callback, after that callback (by the drain already in progress).
   */
  void runNow(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      log.log(Level.ERROR, "In-process transport task failed", e);
    }
    drain();
  }

  /** Loop only: queues a callback to run once the current state work is done. */
  void callback(Runnable callback) {
    callbacks.add(callback);
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      Runnable callback;
      while ((callback = callbacks.poll()) != null) {
        try {
          callback.run();
        } catch (RuntimeException | Error e) {
          // A callback that throws is a bug in the layer above; the others must still run.
          log.log(Level.ERROR, "In-process transport callback threw", e);
        }
      }
    } finally {
      draining = false;
    }
  }
}
