package dev.sluice.h2;

/**
 * Estimates the bandwidth-delay product from ping round trips, so receive windows can grow for
 * fast, far peers (as chttp2's BDP estimator does). When data arrives and no estimate is under
 * way, a ping goes out; the bytes received until its ack are one round trip's worth. When that
 * fills most of the current window, the window is too small: it grows to twice the estimate,
 * up to a ceiling. Windows never shrink. Used on the connection's thread only.
 */
final class BdpEstimator {

  private final int maxWindow;
  private int window;
  private long bytesThisRound;
  private boolean pinging;

  BdpEstimator(int initialWindow, int maxWindow) {
    this.window = initialWindow;
    this.maxWindow = maxWindow;
  }

  /** Counts received DATA; true when a ping should start a new estimate now. */
  boolean onData(int bytes) {
    bytesThisRound += bytes;
    if (pinging || window >= maxWindow) {
      return false;
    }
    pinging = true;
    bytesThisRound = bytes;
    return true;
  }

  /**
   * The estimate's ping came back.
   *
   * @return the new window size, or 0 to keep the current one
   */
  int onAck() {
    pinging = false;
    long bdp = bytesThisRound;
    bytesThisRound = 0;
    if (bdp * 3 < (long) window * 2) {
      return 0;
    }
    int next = (int) Math.min(maxWindow, bdp * 2);
    if (next <= window) {
      return 0;
    }
    window = next;
    return next;
  }

  int window() {
    return window;
  }
}
