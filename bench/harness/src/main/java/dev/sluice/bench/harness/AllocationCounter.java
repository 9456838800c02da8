package dev.sluice.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes this JVM has allocated on the Java heap, from the JVM's own per-thread allocation
 * counters ({@link com.sun.management.ThreadMXBean}). Only differences between two readings
 * mean anything.
 *
 * <p>Where the JVM keeps a running total that also counts threads that have ended ({@code
 * getTotalThreadAllocatedBytes}: JDK 21, and some JDK 17 updates that took it as a backport), that
 * is the reading; it is called through reflection because the benchmark compiles for Java 17.
 * Elsewhere the reading is the sum over the live threads,
 * plus, for every thread an earlier reading saw that has ended since, what it had allocated at
 * that reading. So a total never goes down, but what a thread allocated between the last reading
 * and its end is missed: a measured window is exact as long as the threads doing the work live
 * through it, as the event loops and executor pools of a loaded server do.
 *
 * <p>Thread-safe; each reading allocates a little itself (the thread list), which the next
 * reading counts.
 */
public final class AllocationCounter {

  private final com.sun.management.ThreadMXBean threads;
  /** {@code getTotalThreadAllocatedBytes} where the JDK has it, else null. */
  private final Method jvmTotal;
  /** Per live thread id, its allocated bytes at the last reading (the pre-21 path). */
  private Map<Long, Long> lastSeen = new HashMap<>();
  /** What threads that have ended since had allocated when last seen (the pre-21 path). */
  private long ended;

  /** A counter for this JVM; turns allocation counting on if it is off. */
  public AllocationCounter() {
    this(totalMethod());
  }

  /** A counter that sums live threads even where the JVM keeps a total (for tests). */
  static AllocationCounter liveThreadsOnly() {
    return new AllocationCounter(null);
  }

  private AllocationCounter(Method jvmTotal) {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t)
        || !t.isThreadAllocatedMemorySupported()) {
      throw new UnsupportedOperationException(
          "This JVM does not count the bytes each thread allocates");
    }
    threads = t;
    if (!threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    this.jvmTotal = jvmTotal;
  }

  private static Method totalMethod() {
    try {
      return com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
    } catch (NoSuchMethodException beforeJdk21) {
      return null;
    }
  }

  /** True when readings are the JVM's own total, false for the live-thread sum. */
  public boolean countsEndedThreads() {
    return jvmTotal != null;
  }

  /** Bytes allocated by this JVM's threads so far (see the class comment for what is counted). */
  public synchronized long allocatedBytes() {
    if (jvmTotal != null) {
      try {
        long total = (Long) jvmTotal.invoke(threads);
        if (total >= 0) {
          return total;
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Could not read the JVM's allocation total", e);
      }
    }
    return liveThreadSum();
  }

  private long liveThreadSum() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> now = new HashMap<>(ids.length * 2);
    long sum = 0;
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) { // -1: the thread ended between the two calls
        now.put(ids[i], bytes[i]);
        sum += bytes[i];
      }
    }
    for (Map.Entry<Long, Long> e : lastSeen.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        ended += e.getValue();
      }
    }
    lastSeen = now;
    return ended + sum;
  }
}
