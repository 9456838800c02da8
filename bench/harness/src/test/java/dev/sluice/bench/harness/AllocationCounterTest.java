package dev.sluice.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The allocation counter counts this thread's and other threads' bytes, and never goes down: both
 * the JVM's own total (where this JDK has it) and the live-thread sum used elsewhere.
 */
class AllocationCounterTest {

  private static final int FOUR_MIB = 4 << 20;

  static volatile byte[] sink;

  static Stream<Named<Supplier<AllocationCounter>>> counters() {
    return Stream.of(Named.of("default", AllocationCounter::new),
        Named.of("live threads only", AllocationCounter::liveThreadsOnly));
  }

  @ParameterizedTest
  @MethodSource("counters")
  void allocatedBytes_afterAllocatingOnThisThread_growsByAtLeastThat(
      Supplier<AllocationCounter> kind) {
    AllocationCounter counter = kind.get();
    long before = counter.allocatedBytes();
    sink = new byte[FOUR_MIB];
    assertThat(counter.allocatedBytes() - before).isGreaterThanOrEqualTo(FOUR_MIB);
  }

  @ParameterizedTest
  @MethodSource("counters")
  void allocatedBytes_threadThatAllocatedThenEnded_stillCounted(Supplier<AllocationCounter> kind)
      throws Exception {
    AllocationCounter counter = kind.get();
    long before = counter.allocatedBytes();
    CountDownLatch allocated = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      sink = new byte[FOUR_MIB];
      allocated.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    worker.start();
    allocated.await();
    long whileAlive = counter.allocatedBytes();
    release.countDown();
    worker.join();
    long afterEnd = counter.allocatedBytes();

    assertThat(whileAlive - before).isGreaterThanOrEqualTo(FOUR_MIB);
    assertThat(afterEnd).isGreaterThanOrEqualTo(whileAlive);
  }
}
