package dev.sluice.h2;

/**
 * A flow-control window we send into: credit the peer granted (initial window plus
 * WINDOW_UPDATEs minus bytes sent). May go negative when the peer shrinks its initial window
 * (RFC 9113 §6.9.2); it must never exceed 2^31-1.
 */
final class SendWindow {

  static final long MAX = 0x7fff_ffffL;

  private long window;

  SendWindow(long initial) {
    this.window = initial;
  }

  /**
   * Adds credit from a WINDOW_UPDATE or a SETTINGS change.
   *
   * @return false when the window would pass 2^31-1 (a FLOW_CONTROL_ERROR, RFC 9113 §6.9.1)
   */
  boolean add(long delta) {
    long next = window + delta;
    if (next > MAX) {
      return false;
    }
    window = next;
    return true;
  }

  /** Starts over at {@code initial}: a client stream takes the peer's window when it starts. */
  void reset(long initial) {
    window = initial;
  }

  void consume(int bytes) {
    window -= bytes;
  }

  long available() {
    return Math.max(0, window);
  }
}
