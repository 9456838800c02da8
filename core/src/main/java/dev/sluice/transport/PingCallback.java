package dev.sluice.transport;

import dev.sluice.Status;

/** The outcome of a {@link TransportOp.Ping}: exactly one method runs, once. */
public interface PingCallback {

  /**
   * The peer acknowledged the ping, {@code rttNanos} after it was sent.
   *
   * @param rttNanos the round-trip time in nanoseconds
   */
  void acked(long rttNanos);

  /**
   * The ping will never be acknowledged: the transport closed, or cannot ping.
   *
   * @param status why no ack will come; not OK
   */
  void failed(Status status);
}
