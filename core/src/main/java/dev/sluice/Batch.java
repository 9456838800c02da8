package dev.sluice;

import java.util.Objects;

/**
 * The operations an application starts together on a {@link Call}, and, once the batch has
 * completed, their results. The core's low-level API, like the C core's {@code grpc_op} arrays:
 *
 * <pre>{@code
 * Batch b = new Batch()
 *     .sendInitialMetadata(new Metadata())
 *     .sendMessage(request)
 *     .sendCloseFromClient()
 *     .recvInitialMetadata()
 *     .recvMessage()
 *     .recvStatusOnClient();
 * call.startBatch(b, "unary");
 * Event e = queue.next();          // e.tag() == "unary"
 * Reply reply = b.message();
 * Status status = b.status();
 * }</pre>
 *
 * <p>A batch may hold any subset of ops, each at most once; a call allows at most one op of each
 * kind in flight. Send ops go out in order: initial metadata, message, close or status.
 *
 * <p>The event's {@code ok} is false when a send op failed (the call was cancelled or had
 * already ended) or the batch was rejected ({@link #error()} says why). A received status that
 * is not OK does not make {@code ok} false: it is the call's result, read from {@link #status()}.
 *
 * <p>A Batch is used once.
 */
public final class Batch {

  Metadata sendInitialMetadata;
  Object sendMessage;
  int sendFlags;
  boolean sendClose;
  Status sendStatus;
  Metadata sendTrailers;
  boolean recvInitialMetadata;
  boolean recvMessage;
  boolean recvStatus;
  boolean recvClose;

  // Results, written by the call before the completion is posted.
  volatile Metadata receivedInitialMetadata;
  volatile Object receivedMessage;
  volatile boolean receivedCompressed;
  volatile Status receivedStatus;
  volatile Metadata receivedTrailers;
  volatile boolean cancelled;
  volatile Status error;

  /**
   * Sends the initial metadata: the request headers of a client, the response headers of a server.
   *
   * @param headers the metadata; reserved keys are dropped
   * @return this batch
   */
  public Batch sendInitialMetadata(Metadata headers) {
    this.sendInitialMetadata = Objects.requireNonNull(headers, "headers");
    return this;
  }

  /**
   * Sends one message.
   *
   * @param message the message, which the call's marshaller serializes
   * @return this batch
   */
  public Batch sendMessage(Object message) {
    return sendMessage(message, 0);
  }

  /**
   * Sends one message with {@link dev.sluice.transport.StreamOpBatch} {@code FLAG_*} bits.
   *
   * @param message the message, which the call's marshaller serializes
   * @param flags the write flags, such as {@code FLAG_NO_COMPRESS}
   * @return this batch
   */
  public Batch sendMessage(Object message, int flags) {
    this.sendMessage = Objects.requireNonNull(message, "message");
    this.sendFlags = flags;
    return this;
  }

  /**
   * Client: no more messages (half-close).
   *
   * @return this batch
   */
  public Batch sendCloseFromClient() {
    this.sendClose = true;
    return this;
  }

  /**
   * Server: ends the call with {@code status} and {@code trailers}.
   *
   * @param status how the call ended, OK or not
   * @param trailers the trailers to send with it
   * @return this batch
   */
  public Batch sendStatusFromServer(Status status, Metadata trailers) {
    this.sendStatus = Objects.requireNonNull(status, "status");
    this.sendTrailers = Objects.requireNonNull(trailers, "trailers");
    return this;
  }

  /**
   * Receives the peer's initial metadata ({@link #initialMetadata()}).
   *
   * @return this batch
   */
  public Batch recvInitialMetadata() {
    this.recvInitialMetadata = true;
    return this;
  }

  /**
   * Receives one message ({@link #message()}; null at the end of the stream).
   *
   * @return this batch
   */
  public Batch recvMessage() {
    this.recvMessage = true;
    return this;
  }

  /**
   * Client: receives the call's status and trailers.
   *
   * @return this batch
   */
  public Batch recvStatusOnClient() {
    this.recvStatus = true;
    return this;
  }

  /**
   * Server: completes when the call is over; {@link #cancelled()} says how it ended.
   *
   * @return this batch
   */
  public Batch recvCloseOnServer() {
    this.recvClose = true;
    return this;
  }

  /** {@return the peer's initial metadata; empty when the call ended without any} */
  public Metadata initialMetadata() {
    return receivedInitialMetadata;
  }

  /**
   * {@return the received message, or null when the peer's stream had ended}
   *
   * @param <T> the message type the caller expects; the call's response or request type
   */
  @SuppressWarnings("unchecked")
  public <T> T message() {
    return (T) receivedMessage;
  }

  /** {@return true when the received message came compressed from the peer} */
  public boolean messageArrivedCompressed() {
    return receivedCompressed;
  }

  /**
   * Client: the call's status.
   *
   * @return the status the server ended the call with, or the one the call failed with here
   */
  public Status status() {
    return receivedStatus;
  }

  /**
   * Client: the trailers.
   *
   * @return the trailers that came with the status; empty when there were none
   */
  public Metadata trailers() {
    return receivedTrailers;
  }

  /**
   * {@return true (server only) when the call ended by cancellation rather than by the server's
   * status}
   */
  public boolean cancelled() {
    return cancelled;
  }

  /** {@return why the batch was rejected or its sends failed; null when it succeeded} */
  public Status error() {
    return error;
  }

  boolean hasSend() {
    return sendInitialMetadata != null || sendMessage != null || sendClose || sendStatus != null;
  }

  boolean isEmpty() {
    return !hasSend() && !recvInitialMetadata && !recvMessage && !recvStatus && !recvClose;
  }
}
