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

  public Batch sendInitialMetadata(Metadata headers) {
    this.sendInitialMetadata = Objects.requireNonNull(headers, "headers");
    return this;
  }

  /** Sends one message. */
  public Batch sendMessage(Object message) {
    return sendMessage(message, 0);
  }

  /** Sends one message with {@link dev.sluice.transport.StreamOpBatch} {@code FLAG_*} bits. */
  public Batch sendMessage(Object message, int flags) {
    this.sendMessage = Objects.requireNonNull(message, "message");
    this.sendFlags = flags;
    return this;
  }

  /** Client: no more messages (half-close). */
  public Batch sendCloseFromClient() {
    this.sendClose = true;
    return this;
  }

  /** Server: ends the call with {@code status} and {@code trailers}. */
  public Batch sendStatusFromServer(Status status, Metadata trailers) {
    this.sendStatus = Objects.requireNonNull(status, "status");
    this.sendTrailers = Objects.requireNonNull(trailers, "trailers");
    return this;
  }

  /** Receives the peer's initial metadata ({@link #initialMetadata()}). */
  public Batch recvInitialMetadata() {
    this.recvInitialMetadata = true;
    return this;
  }

  /** Receives one message ({@link #message()}; null at the end of the stream). */
  public Batch recvMessage() {
    this.recvMessage = true;
    return this;
  }

  /** Client: receives the call's status and trailers. */
  public Batch recvStatusOnClient() {
    this.recvStatus = true;
    return this;
  }

  /** Server: completes when the call is over; {@link #cancelled()} says how it ended. */
  public Batch recvCloseOnServer() {
    this.recvClose = true;
    return this;
  }

  /** The peer's initial metadata; empty when the call ended without any. */
  public Metadata initialMetadata() {
    return receivedInitialMetadata;
  }

  /** The received message, or null when the peer's stream had ended. */
  @SuppressWarnings("unchecked")
  public <T> T message() {
    return (T) receivedMessage;
  }

  /** True when the received message came compressed from the peer. */
  public boolean messageArrivedCompressed() {
    return receivedCompressed;
  }

  /** Client: the call's status. */
  public Status status() {
    return receivedStatus;
  }

  /** Client: the trailers. */
  public Metadata trailers() {
    return receivedTrailers;
  }

  /** Server: true when the call ended by cancellation rather than by the server's status. */
  public boolean cancelled() {
    return cancelled;
  }

  /** Why the batch was rejected or its sends failed; null when it succeeded. */
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
