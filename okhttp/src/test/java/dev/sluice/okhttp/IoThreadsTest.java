package dev.sluice.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** OkHttp's blocking I/O runs on virtual threads from JDK 24 on, on platform threads before. */
class IoThreadsTest {

  @Test
  void shared_thisJdk_virtualExactlyFrom24() throws Exception {
    CompletableFuture<Boolean> virtual = new CompletableFuture<>();
    IoThreads.shared().execute(() -> virtual.complete(isVirtual(Thread.currentThread())));
    boolean expected = Runtime.version().feature() >= 24;
    assertThat(virtual.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
    assertThat(IoThreads.virtual()).isEqualTo(expected);
  }

  private static boolean isVirtual(Thread t) {
    try {
      Method m = Thread.class.getMethod("isVirtual"); // JDK 21+
      return (Boolean) m.invoke(t);
    } catch (NoSuchMethodException e) {
      return false;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
