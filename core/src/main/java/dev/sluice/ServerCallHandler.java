package dev.sluice;

/**
 * Serves the calls of one method. {@link #startCall} runs on the server's executor (on the
 * transport thread when {@link #startsOnTransportThread} says so) once the request headers have
 * arrived ({@link Call#requestHeaders()}); the handler drives the call with
 * batches and must end it with a status ({@link Batch#sendStatusFromServer}).
 */
@FunctionalInterface
public interface ServerCallHandler {

  /**
   * Serves {@code call}. May block when the server's executor allows it.
   *
   * @param call the new call; its request headers have arrived
   * @throws Exception ends the call: a {@link StatusException} with its status, anything else with
   *     UNKNOWN
   */
  void startCall(Call call) throws Exception;

  /**
   * True when {@link #startCall} never blocks: the server then calls it on the transport thread
   * that received the request headers, without a hop to its executor, and the handler hands
   * whatever may block to {@link Server#handlerExecutor()} itself (the stub's blocking handlers
   * of one-request methods do, once the request is there). False by default.
   *
   * @return whether {@link #startCall} may run on the transport thread
   */
  default boolean startsOnTransportThread() {
    return false;
  }

  /**
   * Called once for each server built with this handler, before it starts, with that server:
   * a handler that answers questions about the server itself (reflection lists its
   * {@linkplain Server#methods() methods}) keeps it. Does nothing by default.
   *
   * @param server the server built
   */
  default void onServerBuilt(Server server) {}
}
