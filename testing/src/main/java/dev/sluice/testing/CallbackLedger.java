package dev.sluice.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Book-keeping shared by every recorder of one test: how many callbacks are still owed, which
 * rules were broken, and whether the current thread is inside a call into the transport.
 *
 * <p>Callbacks run on transport threads, where an assertion would be lost; so a broken rule is
 * written down here as a <em>violation</em>, and the kit fails the test with the whole list when it
 * tears down (or earlier, when an await times out).
 *
 * <p>Thread-safe.
 */
public final class CallbackLedger {

  private static final ThreadLocal<String> INSIDE = new ThreadLocal<>();

  private final Object lock = new Object();
  private final List<String> violations = new ArrayList<>();
  private final List<Owed> owed = new ArrayList<>();

  /** A callback the transport owes exactly one run. */
  public final class Owed {
    private final String what;
    private final AtomicBoolean ran = new AtomicBoolean();

    private Owed(String what) {
      this.what = what;
    }

    /**
     * Records one run. Returns false (and records a violation) when it already ran. Records a
     * violation when it runs inside a call into the transport.
     *
     * @return true on the first run, false on any later one
     */
    public boolean run() {
      String inside = INSIDE.get();
      if (inside != null) {
        violation(what + " ran inline inside " + inside);
      }
      if (!ran.compareAndSet(false, true)) {
        violation(what + " ran more than once");
        return false;
      }
      synchronized (lock) {
        owed.remove(this);
        lock.notifyAll();
      }
      return true;
    }

    /** {@return true once the callback ran} */
    public boolean hasRun() {
      return ran.get();
    }

    @Override
    public String toString() {
      return what;
    }
  }

  /**
   * Registers a callback that must run exactly once before the test ends.
   *
   * @param what names the callback in the report if it never runs
   * @return the debt, to settle by calling {@link Owed#run()} from the callback
   */
  public Owed owe(String what) {
    Owed o = new Owed(what);
    synchronized (lock) {
      owed.add(o);
    }
    return o;
  }

  /**
   * Runs {@code call} (a call into the transport) with the "inside" flag set on this thread.
   *
   * @param callName names the call in violations, such as {@code "startBatch"}
   * @param call the call into the transport
   */
  public void inside(String callName, Runnable call) {
    String previous = INSIDE.get();
    INSIDE.set(callName);
    try {
      call.run();
    } finally {
      if (previous == null) {
        INSIDE.remove();
      } else {
        INSIDE.set(previous);
      }
    }
  }

  /**
   * Records a broken rule; the test fails at teardown.
   *
   * @param message what went wrong, for the failure report
   */
  public void violation(String message) {
    synchronized (lock) {
      violations.add(message + " [on " + Thread.currentThread().getName() + "]");
    }
  }

  /** {@return the violations so far} */
  public List<String> violations() {
    synchronized (lock) {
      return List.copyOf(violations);
    }
  }

  /**
   * The callbacks still owed.
   *
   * @return the names of the callbacks that have not run yet
   */
  public List<String> stillOwed() {
    synchronized (lock) {
      return owed.stream().map(Owed::toString).toList();
    }
  }

  /**
   * Waits until no callback is owed; returns what is still owed when {@code timeout} ran out.
   *
   * @param timeout how long to wait at most
   * @return the callbacks still owed then; empty when all ran
   * @throws InterruptedException if the test thread is interrupted while it waits
   */
  public List<String> awaitNothingOwed(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!owed.isEmpty()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          break;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return owed.stream().map(Owed::toString).toList();
    }
  }
}
