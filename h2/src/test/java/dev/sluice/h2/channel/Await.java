package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition the test cannot be told about, with a generous timeout. */
final class Await {

  static final Duration LONG = Duration.ofSeconds(30);

  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      Thread.sleep(1); // polling a condition with no callback; not a timing assumption
    }
  }
}
