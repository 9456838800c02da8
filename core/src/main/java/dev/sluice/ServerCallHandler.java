package dev.sluice;

/**
 * Serves the calls of one method. {@link #startCall} runs on the server's executor once the
 * request headers have arrived ({@link Call#requestHeaders()}); the handler drives the call with
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
   * Called once for each server built with this handler, before it starts, with that server:
   * a handler that answers questions about the server itself (reflection lists its
   * {@linkplain Server#methods() methods}) keeps it. Does nothing by default.
   *
   * @param server the server built
   */
  default void onServerBuilt(Server server) {}
}
