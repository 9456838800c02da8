package dev.sluice.channel;

import java.util.function.DoubleSupplier;

/**
 * One sequence of backoff slots (gRPC's connection-backoff document): {@link #nextSlotNanos()}
 * gives the length of the next attempt's slot — the time from its start to the earliest start of
 * the one after — beginning at the initial backoff and growing by the multiplier up to the maximum,
 * each value jittered uniformly by ±jitter. {@link #reset()} starts over. Every value is jittered
 * (as grpc-java does), so clients that failed together do not retry together.
 *
 * <p>Not thread-safe: used in the synchronization context.
 */
final class ConnectionBackoff {

  private final BackoffSettings settings;
  private final DoubleSupplier random;
  private long nextNanos;

  /** @param random uniform values in [0, 1) */
  ConnectionBackoff(BackoffSettings settings, DoubleSupplier random) {
    this.settings = settings;
    this.random = random;
    reset();
  }

  /** The next slot, jittered; the one after it grows. */
  long nextSlotNanos() {
    long current = nextNanos;
    nextNanos = (long) Math.min(current * settings.multiplier(),
        (double) settings.maxBackoff().toNanos());
    double spread = settings.jitter() * current;
    return Math.max(0, current + (long) ((random.getAsDouble() * 2 - 1) * spread));
  }

  /** Starts the sequence over at the initial backoff. */
  void reset() {
    nextNanos = settings.initialBackoff().toNanos();
  }

  long minConnectTimeoutNanos() {
    return settings.minConnectTimeout().toNanos();
  }
}
