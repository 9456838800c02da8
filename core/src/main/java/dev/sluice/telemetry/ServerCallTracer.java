package dev.sluice.telemetry;

import dev.sluice.Status;

/**
 * What happens to one server call: its messages as on the wire (compressed when compressed; no
 * gRPC framing) and its end. {@link #callEnded} comes exactly once.
 */
public interface ServerCallTracer {

  /**
   * A response message went to the transport, {@code wireBytes} long (-1 unknown).
   *
   * @param wireBytes the size on the wire, or -1
   */
  default void outboundMessage(long wireBytes) {}

  /**
   * A request message arrived, {@code wireBytes} long as received (-1 unknown).
   *
   * @param wireBytes the size on the wire, or -1
   */
  default void inboundMessage(long wireBytes) {}

  /**
   * The call ended: its trailers were sent (with that status), or it was cancelled or reset
   * (with the cancel's status).
   *
   * @param status the status the call ended with
   */
  void callEnded(Status status);
}
