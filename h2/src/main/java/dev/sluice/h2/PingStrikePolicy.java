package dev.sluice.h2;

/**
 * The server's keepalive enforcement of gRFC A8: a client ping that comes sooner than the
 * permitted interval after the previous one (with no data sent by us in between) is a strike;
 * past the allowed strikes the connection ends with GOAWAY ENHANCE_YOUR_CALM "too_many_pings".
 * Used on the connection's thread only.
 */
final class PingStrikePolicy {

  private final long permitNanos;
  private final int maxStrikes;
  private long lastPingNanos = Long.MIN_VALUE;
  private int strikes;

  PingStrikePolicy(long permitNanos, int maxStrikes) {
    this.permitNanos = permitNanos;
    this.maxStrikes = maxStrikes;
  }

  /** Records a ping from the peer; true when the peer is over the limit. */
  boolean onPing(long nowNanos) {
    if (lastPingNanos != Long.MIN_VALUE && nowNanos - lastPingNanos < permitNanos) {
      strikes++;
    }
    lastPingNanos = nowNanos;
    return strikes > maxStrikes;
  }

  /** We sent headers or data: pings that follow are a client's fair use (BDP, keepalive). */
  void onDataSent() {
    strikes = 0;
    lastPingNanos = Long.MIN_VALUE;
  }
}
