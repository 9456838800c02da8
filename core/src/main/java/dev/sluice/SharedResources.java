package dev.sluice;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Executors that channels and servers share unless the application gives its own. */
final class SharedResources {

  private static final ScheduledExecutorService SCHEDULER = newScheduler();

  private SharedResources() {}

  /** One daemon thread for timers (deadlines): tasks on it are short and never block. */
  static ScheduledExecutorService scheduler() {
    return SCHEDULER;
  }

  private static ScheduledExecutorService newScheduler() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemonThreads("sluice-timer"));
    // Deadlines are usually cancelled long before they fire: drop them from the queue at once.
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /**
   * The executor for blocking server handlers: a virtual thread per call where the JDK has
   * them (21+), otherwise a bounded pool of platform threads.
   */
  static ExecutorService newHandlerExecutor() {
    try {
      Object vt = MethodHandles.publicLookup()
          .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
      return (ExecutorService) vt;
    } catch (NoSuchMethodException | IllegalAccessException e) {
      int threads = Math.max(16, Runtime.getRuntime().availableProcessors() * 8);
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), daemonThreads("sluice-handler"));
      pool.allowCoreThreadTimeOut(true);
      return pool;
    } catch (Throwable t) {
      throw new IllegalStateException("Could not create the handler executor", t);
    }
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
