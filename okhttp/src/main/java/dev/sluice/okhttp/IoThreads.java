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
 * own, never the caller's. Virtual threads on JDK 24 and later (looked up by reflection because
 * the module compiles for 17); otherwise daemon platform threads, made as needed and kept for a
 * minute when idle.
 *
 * <p>Not on JDK 21 to 23: OkHttp 5's HTTP/2 stream waits for data and for flow-control credit
 * with {@code Object.wait()} inside {@code synchronized}, which there pins a virtual thread to its
 * carrier; a thousand waiting streams would exhaust the carriers. JDK 24 (JEP 491) unmounts them.
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

  /** The first JDK whose virtual threads do not pin in {@code synchronized} (JEP 491). */
  private static final int VIRTUAL_THREADS_FROM = 24;

  private static ExecutorService create() {
    if (Runtime.version().feature() < VIRTUAL_THREADS_FROM) {
      return platformThreads();
    }
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
              MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return platformThreads();
    } catch (Throwable t) {
      throw new IllegalStateException("Could not create the OkHttp transport's I/O threads", t);
    }
  }

  private static ExecutorService platformThreads() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "sluice-okhttp-io-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
