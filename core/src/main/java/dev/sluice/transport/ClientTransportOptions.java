package dev.sluice.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the channel tells a {@link ClientTransportFactory} about one connection.
 *
 * @param authority the default {@code :authority} of the connection's streams, also the TLS host
 *     for SNI and hostname verification; null for the transport's own default
 * @param connectTimeout how long the connection may take to become ready (the channel also
 *     enforces it, so a transport may treat it as a hint)
 * @param keepAliveTime the keepalive time to use instead of the transport's own, or null for
 *     its own; the channel sets it after a server complained of too many pings (gRFC A8). A
 *     transport whose keepalive is off leaves it off.
 * @param onTooManyPings told, with the keepalive time the connection used, when the server ends
 *     the connection with GOAWAY ENHANCE_YOUR_CALM "too_many_pings"; any thread may call it
 */
public record ClientTransportOptions(String authority, Duration connectTimeout,
    Duration keepAliveTime, Consumer<Duration> onTooManyPings) {

  /**
   * Checks that the connect timeout and the keepalive time, when set, are positive.
   *
   * @param authority the default {@code :authority} of the connection's streams, also the TLS host
   *     for SNI and hostname verification; null for the transport's own default
   * @param connectTimeout how long the connection may take to become ready (the channel also
   *     enforces it, so a transport may treat it as a hint)
   * @param keepAliveTime the keepalive time to use instead of the transport's own, or null for its
   *     own; the channel sets it after a server complained of too many pings (gRFC A8). A transport
   *     whose keepalive is off leaves it off.
   * @param onTooManyPings told, with the keepalive time the connection used, when the server ends
   *     the connection with GOAWAY ENHANCE_YOUR_CALM "too_many_pings"; any thread may call it
   */
  public ClientTransportOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(onTooManyPings, "onTooManyPings");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (keepAliveTime != null && (keepAliveTime.isNegative() || keepAliveTime.isZero())) {
      throw new IllegalArgumentException("keepAliveTime must be positive: " + keepAliveTime);
    }
  }

  /**
   * Options with the transport's own keepalive and no one to tell of too many pings.
   *
   * @param authority the default {@code :authority} of the connection's streams, also the TLS host
   *     for SNI and hostname verification; null for the transport's own default
   * @param connectTimeout how long the connection may take to become ready (the channel also
   *     enforces it, so a transport may treat it as a hint)
   */
  public ClientTransportOptions(String authority, Duration connectTimeout) {
    this(authority, connectTimeout, null, used -> {});
  }
}
