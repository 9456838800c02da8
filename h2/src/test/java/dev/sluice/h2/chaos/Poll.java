package dev.sluice.h2.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a state that announces itself nowhere (allocator counters, a channel's writability),
 * by looking again every few milliseconds until it holds or a generous timeout passes. Where
 * there is an event to wait for, tests wait for the event instead.
 */
final class Poll {

  private Poll() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. */
  static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Still not true after " + timeout + ": " + what.get());
      }
      Thread.sleep(5);
    }
  }
}
