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

  /** Our initial metadata is about to be sent; {@code headers} may be changed. */
  default void onSendHeaders(CallInfo call, Metadata headers) {}

  /** The peer's initial metadata arrived. */
  default void onReceiveHeaders(CallInfo call, Metadata headers) {}

  /** A message is about to be sent (an object, or bytes; see {@link Message#hasValue()}). */
  default void onSendMessage(CallInfo call, Message message) {}

  /** A message arrived (usually bytes, or the object itself in process). */
  default void onReceiveMessage(CallInfo call, Message message) {}

  /**
   * The call is ending. On the client: the status received, whose return value is what the
   * application sees. On the server: the status about to be sent, whose return value is sent
   * instead; {@code trailers} may be changed.
   */
  default Status onClose(CallInfo call, Status status, Metadata trailers) {
    return status;
  }
}
