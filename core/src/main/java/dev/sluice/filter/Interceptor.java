package dev.sluice.filter;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;

/**
 * A simple hook into every call of a channel or server, on either side, without the batch
 * plumbing of a {@link Filter}: read and add metadata, observe messages, rewrite the status.
 * Install with {@code Channel.Builder.intercept} or {@code Server.Builder.intercept}; several
 * interceptors run in the order they were added, outgoing first-added first.
 *
 * <p>Methods run on the thread that starts the batch (outgoing) or on a transport thread
 * (incoming): they must be quick and must not block. They must not release messages.
 */
public interface Interceptor {

  /**
   * Our initial metadata is about to be sent; {@code headers} may be changed.
   *
   * @param call the call's head, side and values
   * @param headers the metadata about to be sent
   */
  default void onSendHeaders(CallInfo call, Metadata headers) {}

  /**
   * The peer's initial metadata arrived.
   *
   * @param call the call's head, side and values
   * @param headers the metadata that arrived
   */
  default void onReceiveHeaders(CallInfo call, Metadata headers) {}

  /**
   * A message is about to be sent (an object, or bytes; see {@link Message#hasValue()}).
   *
   * @param call the call's head, side and values
   * @param message the message about to be sent
   */
  default void onSendMessage(CallInfo call, Message message) {}

  /**
   * A message arrived (usually bytes, or the object itself in process).
   *
   * @param call the call's head, side and values
   * @param message the message that arrived
   */
  default void onReceiveMessage(CallInfo call, Message message) {}

  /**
   * The call is ending. On the client: the status received, whose return value is what the
   * application sees. On the server: the status about to be sent, whose return value is sent
   * instead; {@code trailers} may be changed.
   *
   * @param call the call's head, side and values
   * @param status the status the call is ending with
   * @param trailers the trailers; on the server they may be changed
   * @return the status to use instead, or {@code status} itself to change nothing
   */
  default Status onClose(CallInfo call, Status status, Metadata trailers) {
    return status;
  }
}
