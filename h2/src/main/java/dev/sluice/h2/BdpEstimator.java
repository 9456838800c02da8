package dev.sluice.h2;

/**
 * Estimates the bandwidth-delay product from ping round trips, so receive windows can grow for
 * fast, far peers (as chttp2's BDP estimator does). When data arrives and no estimate is under
 * way, a ping goes out; the bytes received until its ack are one round trip's worth. When that
 * fills most of the current window, the window is too small: it grows to twice the estimate,
 * up to a ceiling. Windows never shrink.
 *
 * <p>An estimate that changes nothing backs the next one off: 100 ms, then twice as long each
 * time, up to 10 s; one that grows the window lets the next start at once. Without the back-off a
 * connection exchanging small messages would ping on every round trip, forever: a PING and its
 * ACK, with their writes and wake-ups, per call. Used on the connection's thread only.
 */
final class BdpEstimator {

  static final long FIRST_BACKOFF_NANOS = 100_000_000L;
  static final long MAX_BACKOFF_NANOS = 10_000_000_000L;

  private final int maxWindow;
  private int window;
  private long bytesThisRound;
  private boolean pinging;
  private long backoffNanos;
  private long nextPingNanos;

  BdpEstimator(int initialWindow, int maxWindow) {
    this.window = initialWindow;
    this.maxWindow = maxWindow;
  }

  /** Counts received DATA at {@code nowNanos}; true when a ping should start a new estimate. */
  boolean onData(int bytes, long nowNanos) {
    bytesThisRound += bytes;
    if (pinging || window >= maxWindow || nowNanos - nextPingNanos < 0) {
      return false;
    }
    pinging = true;
    bytesThisRound = bytes;
    return true;
  }

  /**
   * The estimate's ping came back at {@code nowNanos}.
   *
   * @return the new window size, or 0 to keep the current one
   */
  int onAck(long nowNanos) {
    pinging = false;
    long bdp = bytesThisRound;
    bytesThisRound = 0;
    int next = bdp * 3 < (long) window * 2 ? 0 : (int) Math.min(maxWindow, bdp * 2);
    if (next <= window) {
      backoffNanos = backoffNanos == 0 ? FIRST_BACKOFF_NANOS
          : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
      nextPingNanos = nowNanos + backoffNanos;
      return 0;
    }
    backoffNanos = 0;
    nextPingNanos = nowNanos;
    window = next;
    return next;
  }

  int window() {
    return window;
  }
}
