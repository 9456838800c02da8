package dev.sluice.stub;

/**
 * The response side of a blocking server call.
 *
 * @param <Resp> the response message type
 */
public interface ServerWriter<Resp> {

  /**
   * Sends one response and waits until the transport has taken it (back-pressure).
   *
   * @param message the response to send
   * @throws dev.sluice.StatusException with CANCELLED when the call is over: the handler
   *     should stop
   */
  void write(Resp message);

  /** {@return the call's headers, deadline, cancellation and trailers} */
  ServerContext context();
}
