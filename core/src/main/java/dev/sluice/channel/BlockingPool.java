package dev.sluice.channel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared pool for blocking name lookups: daemon threads {@code sluice-resolver-N}, made on
 * demand and gone after a minute unused, so a lookup never runs on an event loop.
 */
final class BlockingPool {

  private BlockingPool() {}

  private static final class Holder {
    static final ExecutorService POOL = newPool();
  }

  static ExecutorService get() {
    return Holder.POOL;
  }

  private static ExecutorService newPool() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "sluice-resolver-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
