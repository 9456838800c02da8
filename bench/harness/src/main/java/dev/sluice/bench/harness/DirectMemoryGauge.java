package dev.sluice.bench.harness;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * The direct (off-heap) memory this JVM holds, two ways:
 *
 * <ul>
 *   <li>{@link #nettyBytes()}: what Netty's default allocator ({@code ByteBufAllocator.DEFAULT},
 *       the adaptive allocator in Netty 4.2, or whatever {@code io.netty.allocator.type} chose)
 *       has taken from the system for direct buffers: its chunks, used or cached. The figure a
 *       leak of pooled buffers makes grow, since a chunk with a live buffer in it is never given
 *       back. Read by reflection, so that the probe agent needs nothing beyond the JDK; -1 where
 *       Netty is not on the class path, or its default allocator keeps no metric.
 *   <li>{@link #jdkBytes()}: the JDK's count of direct NIO buffers (the {@code direct} buffer
 *       pool), which includes Netty's when they are made with a cleaner (the default on JDK 9 and
 *       newer without {@code --add-opens}).
 * </ul>
 *
 * Neither collects garbage first: a direct buffer freed by a cleaner counts until a collection
 * has run, so read {@link HeapGauge#usedAfterGc()} first when the figure should be settled.
 */
public final class DirectMemoryGauge {

  private static volatile NettyMetric netty;

  private DirectMemoryGauge() {}

  /** Direct bytes held by Netty's default allocator, or -1 (see the class comment). */
  public static long nettyBytes() {
    NettyMetric m = netty;
    if (m == null) {
      m = NettyMetric.find();
      netty = m;
    }
    return m.read();
  }

  /** Bytes of direct NIO buffers the JDK counts, or -1 if it has no such pool. */
  public static long jdkBytes() {
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool.getMemoryUsed();
      }
    }
    return -1;
  }

  /** Reads {@code ByteBufAllocator.DEFAULT.metric().usedDirectMemory()} without linking Netty. */
  private record NettyMetric(Object metric, Method getter) {

    static final NettyMetric ABSENT = new NettyMetric(null, null);

    static NettyMetric find() {
      try {
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        Class<?> allocatorType = Class.forName("io.netty.buffer.ByteBufAllocator", true, loader);
        Object allocator = allocatorType.getField("DEFAULT").get(null);
        Class<?> providerType =
            Class.forName("io.netty.buffer.ByteBufAllocatorMetricProvider", true, loader);
        if (!providerType.isInstance(allocator)) {
          return ABSENT;
        }
        Object metric = providerType.getMethod("metric").invoke(allocator);
        Class<?> metricType = Class.forName("io.netty.buffer.ByteBufAllocatorMetric", true, loader);
        return new NettyMetric(metric, metricType.getMethod("usedDirectMemory"));
      } catch (ReflectiveOperationException | LinkageError noNetty) {
        return ABSENT;
      }
    }

    long read() {
      if (metric == null) {
        return -1;
      }
      try {
        return (Long) getter.invoke(metric);
      } catch (ReflectiveOperationException e) {
        return -1;
      }
    }
  }
}
