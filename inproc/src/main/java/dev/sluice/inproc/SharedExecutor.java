package dev.sluice.inproc;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default thread pool under in-process connections: cached, daemon threads, created on first
 * use. Each connection serializes its own work over it, so one pool serves them all.
 */
final class SharedExecutor {

  private SharedExecutor() {}

  private static final class Holder {
    static final ExecutorService POOL = Executors.newCachedThreadPool(new DaemonFactory());
  }

  static Executor get() {
    return Holder.POOL;
  }

  private static final class DaemonFactory implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "sluice-inproc-" + count.incrementAndGet());
      // Daemon: an application that forgot to shut a channel down can still exit.
      t.setDaemon(true);
      return t;
    }
  }
}
