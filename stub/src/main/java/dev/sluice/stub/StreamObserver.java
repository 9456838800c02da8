package dev.sluice.stub;

/**
 * Receives the messages of one direction of a stream, then exactly one of
 * {@link #onCompleted()} or {@link #onError(Throwable)}.
 *
 * <p>Calls to one observer never overlap. Observers that Sluice hands to the application (a
 * request stream to write to, a response stream on the server) are not thread-safe: the
 * application must not call them from several threads at once. Observers the application
 * hands to Sluice are called on transport threads and must not block.
 *
 * @param <T> the message type
 */
public interface StreamObserver<T> {

  /**
   * One message.
   *
   * @param value the message, which the observer now owns
   */
  void onNext(T value);

  /**
   * The stream ended in failure. For a call, {@code t} is usually a
   * {@link dev.sluice.StatusException}; {@link dev.sluice.Status#fromThrowable} gives its
   * status.
   *
   * @param t why the stream failed
   */
  void onError(Throwable t);

  /** The stream ended successfully. */
  void onCompleted();
}
