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

  /** True when a message written now would go out at once. */
  boolean isReady();

  /** Runs {@code handler} each time the call becomes ready after having been busy. */
  void setOnReadyHandler(Runnable handler);

  /** True once the client cancelled, the deadline passed or the connection broke. */
  boolean isCancelled();

  /** Runs {@code handler} once if the call is cancelled (at once if it already was). */
  void setOnCancelHandler(Runnable handler);

  /** The call's headers, deadline and trailers. */
  ServerContext context();
}
