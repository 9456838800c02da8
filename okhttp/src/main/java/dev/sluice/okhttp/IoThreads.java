package dev.sluice.okhttp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads OkHttp's blocking I/O runs on: each stream's response reader and request writer
 * block in OkHttp (reading DATA, waiting for flow-control credit), so each gets a thread of its
 * own, never the caller's. Virtual threads where the JDK has them (21+, looked up by reflection
 * because the module compiles for 17); otherwise daemon platform threads, made as needed and
 * kept for a minute when idle.
 */
final class IoThreads {

  private static final ExecutorService SHARED = create();
  private static final ScheduledExecutorService TIMERS = newTimers();

  private IoThreads() {}

  /** The executor every transport's blocking work runs on. */
  static ExecutorService shared() {
    return SHARED;
  }

  /** One daemon thread for deadline timers; its tasks only hand work to a serializer. */
  static ScheduledExecutorService timers() {
    return TIMERS;
  }

  private static ScheduledExecutorService newTimers() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "sluice-okhttp-timer");
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /** True when the shared executor runs virtual threads. */
  static boolean virtual() {
    return !(SHARED instanceof ThreadPoolExecutor);
  }

  private static ExecutorService create() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      AtomicInteger n = new AtomicInteger();
      return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
          new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sluice-okhttp-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    } catch (Throwable t) {
      throw new IllegalStateException("Could not create the OkHttp transport's I/O threads", t);
    }
  }
}
