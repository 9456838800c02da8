package dev.sluice.stub;

/**
 * The request side of an async client call, with flow control in both directions.
 *
 * <p>Outbound: one message is in flight at a time; {@link #isReady()} is true when nothing is
 * waiting to go out, and the {@linkplain #setOnReadyHandler on-ready handler} runs each time
 * that becomes true again. Messages written while not ready are queued, not lost: readiness is
 * advice for producers that want to bound their memory.
 *
 * <p>Inbound: by default the call asks for the next response once the previous
 * {@code onNext} has returned. After {@link #disableAutoRequest()} (allowed only in
 * {@link ClientResponseObserver#beforeStart}) responses arrive only as {@link #request(int)}
 * asks for them.
 *
 * @param <Req> the request message type
 */
public interface ClientCallStreamObserver<Req> extends StreamObserver<Req> {

  /**
   * True when a message written now would go out at once rather than wait in the queue.
   *
   * @return whether the transport has room for another message now
   */
  boolean isReady();

  /**
   * Runs {@code handler} (on a transport thread, never concurrently with the response
   * observer) each time the call becomes ready after having been busy.
   *
   * @param handler what to run; replaces any handler set before
   */
  void setOnReadyHandler(Runnable handler);

  /**
   * Asks for {@code count} more response messages.
   *
   * @param count how many more messages the response observer may receive; positive
   */
  void request(int count);

  /** Stops the automatic one-at-a-time requests; only from {@code beforeStart}. */
  void disableAutoRequest();

  /**
   * Cancels the call; the response observer then gets {@code onError} with CANCELLED.
   *
   * @param message the description of the CANCELLED status, for logs and the observer
   * @param cause the error that made the client give up, or null
   */
  void cancel(String message, Throwable cause);
}
