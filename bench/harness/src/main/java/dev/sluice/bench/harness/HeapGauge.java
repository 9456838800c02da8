package dev.sluice.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap this JVM retains: used heap bytes right after a full collection. One {@code
 * System.gc()} can leave garbage that only a later cycle frees (objects reachable from
 * finalizable or weakly referenced ones, cleaner actions that run on their own thread), so it
 * collects until two readings in a row agree within {@link #STABLE_BYTES}. A JVM started with
 * {@code -XX:+DisableExplicitGC} ignores {@code System.gc()}, and the reading is then
 * meaningless.
 */
public final class HeapGauge {

  /** Two readings this close count as settled: under 26 bytes a stream at 10,000 streams. */
  static final long STABLE_BYTES = 256 * 1024;

  private static final int MAX_COLLECTIONS = 10;

  private HeapGauge() {}

  /** Used heap bytes after collecting until the figure settles (at most ten collections). */
  public static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = -1;
    for (int i = 0; i < MAX_COLLECTIONS; i++) {
      System.gc();
      pause(); // lets reference handling and cleaner threads run before the next reading
      long used = memory.getHeapMemoryUsage().getUsed();
      if (previous >= 0 && Math.abs(used - previous) <= STABLE_BYTES) {
        return Math.min(used, previous);
      }
      previous = used;
    }
    return previous;
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
