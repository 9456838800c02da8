package dev.sluice;

/**
 * A source of monotonic nanoseconds. Deadlines read time through a ticker so tests can run on a
 * clock they move by hand.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Nanoseconds from an arbitrary fixed origin; only differences mean anything.
   *
   * @return the current time in nanoseconds
   */
  long nanoTime();

  /**
   * The JVM's monotonic clock.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
