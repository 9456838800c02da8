package dev.sluice.testing;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test in which Netty's {@code ResourceLeakDetector} reports a leak.
 *
 * <p>Netty reports a leaked buffer only once the garbage collector has found it unreachable, and
 * only in a log line; neither fails a build. After each test (once its own {@code @AfterEach}
 * methods, such as the kit's teardown, have closed everything) this extension collects garbage,
 * lets the detector see what became unreachable, and fails the test with every leak reported
 * since the previous test, each with the places the buffer was last touched. After all tests of
 * a class it does the same for what the class's {@code @AfterAll} methods left, failing the class.
 *
 * <p>It registers itself through JUnit's extension autodetection ({@code META-INF/services}): the
 * build enables {@code junit.jupiter.extensions.autodetection.enabled}, so every test of a module
 * with this kit on its test class path is covered, not only the kit's own. On a class path
 * without Netty it does nothing. It raises Netty's detection level to PARANOID (every buffer
 * tracked) when it is lower; the build's {@code argLine} sets that level already.
 *
 * <p>Netty reports each distinct leak record once per JVM, so when the same code leaks in several
 * tests the first one fails. Costs two full garbage collections per test.
 */
public final class LeakDetectionExtension implements AfterEachCallback, AfterAllCallback {

  private static final String NETTY_DETECTOR = "io.netty.util.ResourceLeakDetector";
  private static final String NETTY_WATCH = "dev.sluice.testing.NettyLeakWatch";

  private static final LeakWatch WATCH = loadWatch();

  /** Made by JUnit's ServiceLoader, or named in {@code @ExtendWith}. */
  public LeakDetectionExtension() {}

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    failOnLeaks("test");
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    failOnLeaks("class's @AfterAll methods (or a test's teardown that ran on after it)");
  }

  private static void failOnLeaks(String where) throws InterruptedException {
    List<String> leaks = WATCH.collectLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError("Netty reported " + leaks.size() + " leaked resource(s) in this "
          + where + "; every buffer must be released by its last holder. Leak records:\n"
          + String.join("\n", leaks));
    }
  }

  private static LeakWatch loadWatch() {
    ClassLoader loader = LeakDetectionExtension.class.getClassLoader();
    try {
      Class.forName(NETTY_DETECTOR, false, loader);
    } catch (ClassNotFoundException e) {
      return LeakWatch.NONE;
    }
    try {
      // Reflective, so that this class links on a class path without Netty.
      return (LeakWatch) Class.forName(NETTY_WATCH, true, loader).getMethod("install")
          .invoke(null);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("Could not install the Netty leak watch", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not install the Netty leak watch", e);
    }
  }
}
