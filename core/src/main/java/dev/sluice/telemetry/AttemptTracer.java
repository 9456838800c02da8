package dev.sluice.telemetry;

import dev.sluice.Metadata;
import dev.sluice.Status;

/**
 * What happens to one attempt of a client call: the messages it carried as they went on the
 * wire (compressed when the call compresses; no gRPC framing, no metadata) and how it ended.
 * {@link #attemptEnded} comes exactly once.
 */
public interface AttemptTracer {

  /**
   * The attempt's request headers are about to go to its transport: returns the headers to send,
   * which are {@code headers} itself (the default) or a copy with the tracer's own entries added
   * (a trace context, say). {@code headers} must not be changed: a retry or hedge sends it again.
   *
   * @param headers the attempt's request headers, shared with the call's other attempts
   * @return the headers this attempt sends
   */
  default Metadata requestHeaders(Metadata headers) {
    return headers;
  }

  /**
   * A message went down to the attempt's transport.
   *
   * @param wireBytes its size as sent (compressed when compressed), or -1 when unknown
   */
  default void outboundMessage(long wireBytes) {}

  /**
   * A message arrived on the attempt, {@code wireBytes} long as received (-1 unknown).
   *
   * @param wireBytes the message's size on the wire, compressed if it was, or -1 when the transport
   *     does not tell
   */
  default void inboundMessage(long wireBytes) {}

  /**
   * The attempt ended with {@code status}: trailers, a failure, or a cancel.
   *
   * @param status how the attempt ended
   */
  void attemptEnded(Status status);
}
