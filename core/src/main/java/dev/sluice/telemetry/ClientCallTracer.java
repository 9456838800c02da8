package dev.sluice.telemetry;

import dev.sluice.Status;

/**
 * What happens to one client call. The channel calls {@link #attemptStarted} for each attempt
 * that gets a transport (the first, a retry, a transparent retry, a hedge; hedges run at the
 * same time), the message hooks for the call's uncompressed messages, and {@link #callEnded}
 * exactly once, when the call's status is delivered. Hooks of one call may come from different
 * threads, but never at the same time for the same kind of event.
 */
public interface ClientCallTracer {

  /**
   * An attempt got a transport and its stream is made.
   *
   * @param kind why the attempt exists
   * @param pickDelayNanos how long the attempt waited for the load balancer's pick and a ready
   *     connection, from the moment it asked
   * @return the attempt's tracer; never null
   */
  AttemptTracer attemptStarted(AttemptKind kind, long pickDelayNanos);

  /**
   * The application sent a message.
   *
   * @param uncompressedBytes its serialized size, or -1 when that is not known without
   *     serializing it
   */
  default void outboundMessage(long uncompressedBytes) {}

  /**
   * A message for the application arrived, {@code uncompressedBytes} long once inflated.
   *
   * @param uncompressedBytes the message's size after inflating, or -1 when not known
   */
  default void inboundMessage(long uncompressedBytes) {}

  /**
   * The call's status went to the application; the last hook of the call.
   *
   * @param status the status the application sees
   */
  void callEnded(Status status);
}
