package dev.sluice.h2.netty;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts over the connections one {@link NettyServerListener} accepted: how many came, how many
 * are still open, how many it closed because their handshake did not finish in time
 * ({@link NettyServerListener.Builder#handshakeTimeout}), and how many ended, for whatever reason,
 * before their handshake was done. Readable at any time by tests and
 * telemetry; the figures are sums kept without a lock, so a reading taken while connections come
 * and go may be a moment behind.
 *
 * <p>Thread-safe.
 */
public final class ConnectionStats {

  private final LongAdder accepted = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final LongAdder handshakeTimeouts = new LongAdder();
  private final LongAdder closedInHandshake = new LongAdder();
  private final LongAdder refused = new LongAdder();

  ConnectionStats() {}

  void recordAccepted() {
    accepted.increment();
  }

  void recordClosed() {
    closed.increment();
  }

  void recordHandshakeTimeout() {
    handshakeTimeouts.increment();
  }

  void recordClosedInHandshake() {
    closedInHandshake.increment();
  }

  void recordRefused() {
    refused.increment();
  }

  /**
   * Connections turned away because the listener already had its {@linkplain
   * NettyServerListener.Builder#maxConnections maximum} open; they are counted in {@link
   * #accepted()} and {@link #open()} too until they close.
   *
   * @return the number of connections refused so far
   */
  public long refused() {
    return refused.sum();
  }

  /** {@return connections accepted since the listener started} */
  public long accepted() {
    return accepted.sum();
  }

  /** {@return connections accepted and not yet closed} */
  public long open() {
    return accepted.sum() - closed.sum();
  }

  /**
   * Connections closed because the TLS handshake, the HTTP/2 preface and first SETTINGS, or the
   * first request's header block did not arrive within the handshake timeout (slow or stalled
   * peers, such as a slowloris attack).
   *
   * @return the number of connections closed so far for taking too long
   */
  public long handshakeTimeouts() {
    return handshakeTimeouts.sum();
  }

  /**
   * Connections that closed before their handshake (TLS, preface and first SETTINGS) was done,
   * for any reason: the handshake timeout, a TLS failure, the SETTINGS acknowledgement timeout
   * (10 s by default, so it usually ends a stalled preface before the 20 s handshake timeout
   * does), a protocol error, or a peer that went away.
   *
   * @return the number of connections that closed during their handshake so far
   */
  public long closedInHandshake() {
    return closedInHandshake.sum();
  }

  @Override
  public String toString() {
    return "ConnectionStats{accepted=" + accepted() + ", open=" + open()
        + ", handshakeTimeouts=" + handshakeTimeouts() + ", closedInHandshake="
        + closedInHandshake() + ", refused=" + refused() + "}";
  }
}
