package dev.sluice.stub;

/**
 * The response side of an async server call: the usual {@link StreamObserver}, plus readiness
 * (as {@link ClientCallStreamObserver#isReady()}) and cancellation.
 *
 * <p>{@code onNext} after the call was cancelled drops the message: check
 * {@link #isCancelled()} or install a cancel handler to stop producing.
 *
 * @param <Resp> the response message type
 */
public interface ServerCallStreamObserver<Resp> extends StreamObserver<Resp> {

  /** {@return true when a message written now would go out at once} */
  boolean isReady();

  /**
   * Runs {@code handler} each time the call becomes ready after having been busy.
   *
   * @param handler what to run; replaces any handler set before
   */
  void setOnReadyHandler(Runnable handler);

  /** {@return true once the client cancelled, the deadline passed or the connection broke} */
  boolean isCancelled();

  /**
   * Runs {@code handler} once if the call is cancelled (at once if it already was).
   *
   * @param handler what to run; replaces any handler set before
   */
  void setOnCancelHandler(Runnable handler);

  /** {@return the call's headers, deadline and trailers} */
  ServerContext context();

  /**
   * Server-side flow control for client-streaming and bidi handlers: from now on requests reach
   * the handler's observer only as {@link #request} asks for them, instead of one after another
   * as each {@code onNext} returns. Call it inside the handler, before it returns its request
   * observer. A client that streams faster than the handler asks is held back by HTTP/2 flow
   * control (its {@code isReady()} turns false); nothing piles up in the server.
   *
   * @throws IllegalStateException once requests are being delivered
   */
  void disableAutoRequest();

  /**
   * Asks for {@code count} more requests (with {@link #disableAutoRequest}). The end of the
   * client's stream is seen, and {@code onCompleted} delivered, by the first request asked for
   * after the last message.
   *
   * @param count how many more requests the handler may receive; positive
   */
  void request(int count);
}
