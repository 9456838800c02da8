package dev.sluice.stub;

/**
 * A response observer that wants the call's request side before the call starts, to turn off
 * automatic flow control or install an on-ready handler.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public interface ClientResponseObserver<Req, Resp> extends StreamObserver<Resp> {

  /**
   * Runs once, before any message moves; {@code requests} is the call's request side.
   *
   * @param requests the request side, to set an on-ready handler or disable automatic flow control
   *     on before the call starts
   */
  void beforeStart(ClientCallStreamObserver<Req> requests);
}
