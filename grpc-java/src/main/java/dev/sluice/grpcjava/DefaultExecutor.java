package dev.sluice.grpcjava;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where application callbacks run when the application named no executor, as in grpc-java: a
 * shared pool of daemon threads that grows with demand, so a callback that blocks never holds
 * up a transport thread or another call. Also the timer that cancels server contexts at their
 * deadline.
 */
final class DefaultExecutor {

  private static final ExecutorService POOL = Executors.newCachedThreadPool(new ThreadFactory() {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "sluice-grpc-java-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-grpc-java-timer");
        t.setDaemon(true);
        return t;
      });

  private DefaultExecutor() {}

  /** The timer of server contexts' deadlines. */
  static ScheduledExecutorService timer() {
    return TIMER;
  }

  static ExecutorService get() {
    return POOL;
  }
}
