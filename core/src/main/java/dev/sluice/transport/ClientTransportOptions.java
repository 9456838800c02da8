package dev.sluice.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What the channel tells a {@link ClientTransportFactory} about one connection.
 *
 * @param authority the default {@code :authority} of the connection's streams, also the TLS host
 *     for SNI and hostname verification; null for the transport's own default
 * @param connectTimeout how long the connection may take to become ready (the channel also
 *     enforces it, so a transport may treat it as a hint)
 */
public record ClientTransportOptions(String authority, Duration connectTimeout) {
  public ClientTransportOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
  }
}
