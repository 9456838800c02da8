package dev.sluice.stub;

/**
 * The request side of a blocking server call.
 *
 * @param <Req> the request message type
 */
public interface ServerReader<Req> {

  /**
   * Waits for the next request.
   *
   * @return the message, or null once the client has half-closed or the call has ended
   */
  Req read();

  /** {@return the call's headers, deadline, cancellation and trailers} */
  ServerContext context();
}
