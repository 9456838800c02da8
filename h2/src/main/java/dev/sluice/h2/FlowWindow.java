package dev.sluice.h2;

/**
 * One flow-control window we receive into (RFC 9113 §6.9): how many bytes the peer may still
 * send, and how many bytes we have consumed but not yet returned as credit.
 *
 * <p>Invariant: {@code 0 <= available <= size}, and {@code available + unreturned + held = size}
 * where {@code held} is bytes received and not yet consumed. Credit goes back in one
 * WINDOW_UPDATE once at least half the window is unreturned, so small reads do not cost a frame
 * each.
 */
final class FlowWindow {

  private int size;
  private long available;
  private int unreturned;

  FlowWindow(int size) {
    this.size = size;
    this.available = size;
  }

  /**
   * Counts {@code bytes} received against the window.
   *
   * @return false when the peer sent more than the window allowed
   */
  boolean receive(int bytes) {
    available -= bytes;
    return available >= 0;
  }

  /**
   * Marks {@code bytes} consumed.
   *
   * @return the increment to send in a WINDOW_UPDATE now, or 0
   */
  int consume(int bytes) {
    unreturned += bytes;
    if (unreturned >= size / 2) {
      int increment = unreturned;
      unreturned = 0;
      available += increment;
      return increment;
    }
    return 0;
  }

  /**
   * Grows the window to {@code newSize} (BDP estimation, or the connection window at start).
   *
   * @return the increment to send now, or 0
   */
  int growTo(int newSize) {
    if (newSize <= size) {
      return 0;
    }
    int delta = newSize - size;
    size = newSize;
    available += delta;
    return delta;
  }

  int size() {
    return size;
  }

  long available() {
    return available;
  }
}
