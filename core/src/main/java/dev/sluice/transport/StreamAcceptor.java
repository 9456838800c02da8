package dev.sluice.transport;

/**
 * The server's accept-stream callback, installed with {@link TransportOp.SetAcceptStream}. The
 * transport calls it exactly once for each stream a client opens, on the transport's thread,
 * before any op of that stream can complete.
 */
@FunctionalInterface
public interface StreamAcceptor {

  /**
   * @param stream the new server stream, already initialised: hand it to {@link
   *     Transport#performStreamOp} and, once done, {@link Transport#destroyStream}
   * @param head the method, authority and deadline the client asked for
   */
  void accept(TransportStream stream, CallHead head);
}
