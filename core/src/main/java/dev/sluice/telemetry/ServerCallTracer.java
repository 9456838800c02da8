package dev.sluice.telemetry;

import dev.sluice.Metadata;
import dev.sluice.Status;

/**
 * What happens to one server call: its messages as on the wire (compressed when compressed; no
 * gRPC framing) and its end. {@link #callEnded} comes exactly once.
 */
public interface ServerCallTracer {

  /**
   * The call's request headers arrived, before its handler is dispatched (not called for a call
   * that ended before they did). The tracer may read them (a trace context, say); it must not
   * change them.
   *
   * @param headers the request headers as received
   */
  default void requestHeaders(Metadata headers) {}

  /**
   * The application's code for this call is about to run on the current thread: its handler
   * starting, or a callback of an async handler. The tracer may make its own context current
   * there (the call's span, say) until the returned scope is closed, which happens on the same
   * thread when that code returns. Scopes may nest.
   *
   * @return the scope to close when that code returns; {@link TelemetryScope#NONE} by default
   */
  default TelemetryScope enterHandler() {
    return TelemetryScope.NONE;
  }

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
