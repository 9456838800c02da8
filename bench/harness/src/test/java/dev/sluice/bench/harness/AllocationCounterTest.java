package dev.sluice.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The allocation counter counts this thread's and other threads' bytes, and never goes down. */
class AllocationCounterTest {

  private static final int FOUR_MIB = 4 << 20;

  static volatile byte[] sink;

  private final AllocationCounter counter = new AllocationCounter();

  @Test
  void allocatedBytes_afterAllocatingOnThisThread_growsByAtLeastThat() {
    long before = counter.allocatedBytes();
    sink = new byte[FOUR_MIB];
    assertThat(counter.allocatedBytes() - before).isGreaterThanOrEqualTo(FOUR_MIB);
  }

  @Test
  void allocatedBytes_threadThatAllocatedThenEnded_stillCounted() throws Exception {
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
