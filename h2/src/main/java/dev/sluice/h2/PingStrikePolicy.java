package dev.sluice.h2;

import java.util.concurrent.TimeUnit;

/**
 * The server's keepalive enforcement of gRFC A8. A client ping sooner than the allowed gap after
 * the last allowed one is a strike; past the allowed strikes the connection ends with GOAWAY
 * ENHANCE_YOUR_CALM "too_many_pings". The gap is {@code permitKeepAliveTime}, or two hours while
 * no call is open unless pings without calls are permitted. Sending HEADERS or DATA starts over:
 * pings after our data are a client's fair use (BDP estimation, keepalive of a busy call). Used
 * on the connection's thread only.
 */
final class PingStrikePolicy {

  /** The gap a client must leave between pings on a connection without calls. */
  static final long IDLE_GAP_NANOS = TimeUnit.HOURS.toNanos(2);

  private final long permitNanos;
  private final boolean permitWithoutCalls;
  private final int maxStrikes;
  private boolean anyValid;
  private long lastValidNanos;
  private int strikes;

  PingStrikePolicy(long permitNanos, boolean permitWithoutCalls, int maxStrikes) {
    this.permitNanos = permitNanos;
    this.permitWithoutCalls = permitWithoutCalls;
    this.maxStrikes = maxStrikes;
  }

  /**
   * Records a ping from the peer.
   *
   * @param hasCalls whether any stream is open
   * @return true when the peer is over the limit
   */
  boolean onPing(long nowNanos, boolean hasCalls) {
    long gap = hasCalls || permitWithoutCalls ? permitNanos : Math.max(permitNanos, IDLE_GAP_NANOS);
    if (anyValid && nowNanos - lastValidNanos < gap) {
      strikes++;
      return strikes > maxStrikes;
    }
    anyValid = true;
    lastValidNanos = nowNanos;
    return false;
  }

  /** We sent headers or data. */
  void onDataSent() {
    strikes = 0;
    anyValid = false;
  }
}
