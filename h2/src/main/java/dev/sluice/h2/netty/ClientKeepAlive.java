package dev.sluice.h2.netty;

import dev.sluice.h2.H2Config;
import java.time.Duration;
import java.util.Objects;

/**
 * The client keepalive options (gRFC A8) that {@link NettyConnector.Builder} and {@link
 * NettyTransportFactory.Builder} share; each one set overrides the builder's {@link H2Config}.
 * Not thread-safe: a builder's part.
 */
final class ClientKeepAlive {

  /** The shortest keepalive time allowed; shorter ones are raised to it (gRFC A8). */
  static final Duration MIN_TIME = Duration.ofSeconds(10);

  private boolean timeSet;
  private Duration time;
  private Duration timeout;
  private Boolean withoutCalls;

  ClientKeepAlive() {}

  /**
   * Ping the server after {@code time} without reading anything from it, to find a connection
   * that died silently (a NAT or load balancer that dropped it) before a call waits on it.
   * Default off (null). Values under {@link #MIN_TIME} are raised to it. Servers by default
   * accept a ping every 5 minutes while calls are open and tell off clients that ping more
   * often (GOAWAY "too_many_pings", after which a channel doubles this time).
   */
  void time(Duration time) {
    if (time != null && (time.isNegative() || time.isZero())) {
      throw new IllegalArgumentException("keepAliveTime must be positive (or null: off): " + time);
    }
    this.time = time == null || time.compareTo(MIN_TIME) >= 0 ? time : MIN_TIME;
    this.timeSet = true;
  }

  /**
   * How long a keepalive ping may go unanswered (nothing at all read) before the connection is
   * closed and its calls fail UNAVAILABLE. Default 20 s.
   */
  void timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("keepAliveTimeout must be positive: " + timeout);
    }
    this.timeout = timeout;
  }

  /**
   * Ping also while no call is open (default false). Servers refuse such pings more often than
   * every two hours unless they permit them.
   */
  void withoutCalls(boolean enabled) {
    this.withoutCalls = enabled;
  }

  /** {@code config} with the options that were set. */
  H2Config applyTo(H2Config config) {
    H2Config.Builder b = config.copy();
    b.keepAlive(timeSet ? time : config.keepAliveTime(),
        timeout != null ? timeout : config.keepAliveTimeout());
    if (withoutCalls != null) {
      b.keepAliveWithoutCalls(withoutCalls);
    }
    return b.build();
  }
}
