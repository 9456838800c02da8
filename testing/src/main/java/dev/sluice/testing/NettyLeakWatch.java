package dev.sluice.testing;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.lang.ref.PhantomReference;
import java.lang.reflect.Field;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Listens to every leak detector Netty makes, through a {@link ResourceLeakDetectorFactory}
 * installed before Netty makes its buffer detector; loaded by {@link LeakDetectionExtension}
 * only when Netty is on the class path.
 *
 * <p>Netty finds a leak when a tracked buffer has become unreachable without being released: the
 * garbage collector queues its tracker, and the detector reads that queue each time it tracks a
 * new buffer (at PARANOID, every allocation). So {@link #collectLeaks} collects garbage until the
 * trackers are queued, then allocates one buffer, and takes what the listener received.
 *
 * <p>Thread-safe: leaks are reported on whichever thread allocates next (often an event loop).
 */
final class NettyLeakWatch implements LeakWatch {

  /** Each wait for one garbage collection to process references (a hang guard). */
  private static final long GC_WAIT_MILLIS = 100;
  private static final int GC_ATTEMPTS = 100;

  private static NettyLeakWatch installed;

  private final Queue<String> reported = new ConcurrentLinkedQueue<>();
  private volatile boolean listensToBuffers;

  private NettyLeakWatch() {}

  /**
   * Installs the listening factory (once per class loader), raises the detection level to
   * PARANOID if it is lower, and makes sure Netty's buffer detector reports to this watch.
   *
   * @throws IllegalStateException when the buffer detector cannot be listened to, so leaks would
   *     only be logged
   */
  public static synchronized LeakWatch install() {
    if (installed != null) {
      return installed;
    }
    NettyLeakWatch watch = new NettyLeakWatch();
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(watch.new ListeningFactory());
    if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }
    // Initialises Netty's buffer classes, and with them the buffer leak detector.
    Unpooled.directBuffer(1).release();
    if (!watch.listensToBuffers) {
      watch.listenToExistingBufferDetector();
    }
    installed = watch;
    return watch;
  }

  /**
   * Something allocated a buffer before JUnit loaded its extensions (another test engine in the
   * same JVM, such as a property-testing one, runs first), so Netty's buffer detector exists
   * already: listen to that one. It reports only when Netty logs errors, so that is checked.
   */
  private void listenToExistingBufferDetector() {
    ResourceLeakDetector<?> detector;
    try {
      Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
      f.setAccessible(true);
      detector = (ResourceLeakDetector<?>) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Netty's buffer leak detector was made before "
          + "LeakDetectionExtension was loaded, and cannot be reached to listen to it; leaks "
          + "would only be logged", e);
    }
    if (!InternalLoggerFactory.getInstance(ResourceLeakDetector.class).isErrorEnabled()) {
      throw new IllegalStateException("Netty's buffer leak detector was made before "
          + "LeakDetectionExtension was loaded, and reports nothing while Netty's error log is "
          + "off; enable error logging for " + ResourceLeakDetector.class.getName());
    }
    detector.setLeakListener(this::onLeak);
    listensToBuffers = true;
  }

  @Override
  public List<String> collectLeaks() throws InterruptedException {
    // Two collections: references found by the first are all queued by the time the second's
    // sentinel is, since one thread queues them in the order the collections found them.
    awaitGarbageCollection();
    awaitGarbageCollection();
    // Tracking a new buffer makes the detector read its queue and report what it holds.
    Unpooled.directBuffer(1).release();
    List<String> leaks = new ArrayList<>();
    for (String leak = reported.poll(); leak != null; leak = reported.poll()) {
      leaks.add(leak);
    }
    return leaks;
  }

  private static void awaitGarbageCollection() throws InterruptedException {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
    try {
      for (int i = 0; i < GC_ATTEMPTS; i++) {
        System.gc();
        if (queue.remove(GC_WAIT_MILLIS) != null) {
          return;
        }
      }
      throw new IllegalStateException("System.gc() collected nothing in " + GC_ATTEMPTS
          + " attempts (is -XX:+DisableExplicitGC set?); leaks cannot be checked");
    } finally {
      Reference.reachabilityFence(sentinel);
    }
  }

  private void onLeak(String resourceType, String records) {
    reported.add(resourceType + " leaked; "
        + (records.isEmpty() ? "no access records" : "access records:\n" + records));
  }

  /** Makes detectors that report every leak to this watch, even with error logging off. */
  private final class ListeningFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource,
        int samplingInterval, long maxActive) {
      if (resource == ByteBuf.class) {
        listensToBuffers = true;
      }
      ResourceLeakDetector<T> detector = new ResourceLeakDetector<T>(resource, samplingInterval) {
        @Override
        protected boolean needReport() {
          return true;
        }
      };
      detector.setLeakListener(NettyLeakWatch.this::onLeak);
      return detector;
    }
  }
}
