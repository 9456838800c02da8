package dev.sluice.examples.loadbalance;

import dev.sluice.StatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Calls that keep flowing: a few threads each making one wait-for-ready call after another
 * through a {@link LoadBalanceClient}, counting what succeeded and what failed, until closed.
 */
final class Traffic implements AutoCloseable {

  private final LoadBalanceClient client;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;
  private int made;
  private int ok;
  private final List<String> failures = new ArrayList<>();

  /** Starts {@code threads} callers on {@code client}. */
  Traffic(LoadBalanceClient client, int threads) {
    this.client = Objects.requireNonNull(client, "client");
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::callUntilClosed, "traffic-" + i);
      t.setDaemon(true);
      this.threads.add(t);
      t.start();
    }
  }

  private void callUntilClosed() {
    while (!stopping) {
      synchronized (this) {
        made++;
      }
      try {
        client.hello("traffic");
        synchronized (this) {
          ok++;
          notifyAll();
        }
      } catch (StatusException e) {
        synchronized (this) {
          failures.add(e.status().toString());
          notifyAll();
        }
      }
    }
  }

  /** Calls that succeeded so far. */
  synchronized int ok() {
    return ok;
  }

  /** Waits until {@code n} more calls than now have succeeded. */
  void awaitMoreOk(int n, Duration timeout) throws InterruptedException, TimeoutException {
    int goal;
    synchronized (this) {
      goal = ok + n;
    }
    awaitUntil(n + " more successful calls", () -> ok >= goal, timeout);
  }

  /**
   * Waits until {@code condition} holds, checking it each time a call ends (under this
   * object's lock, so it may read the counts).
   */
  synchronized void awaitUntil(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException, TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("No " + what + " within " + timeout + " (" + ok
            + " calls succeeded; failures: " + failures + ")");
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Stops the callers and waits for their last calls; returns the totals. */
  Totals stop() throws InterruptedException {
    stopping = true;
    for (Thread t : threads) {
      t.join();
    }
    synchronized (this) {
      return new Totals(made, ok, List.copyOf(failures));
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** Calls made, calls that succeeded, and the status of each that failed. */
  record Totals(int made, int ok, List<String> failures) {}
}
