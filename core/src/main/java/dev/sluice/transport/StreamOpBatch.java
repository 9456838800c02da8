package dev.sluice.transport;

import dev.sluice.Metadata;
import dev.sluice.Status;
import java.util.Objects;

/**
 * One batch of stream operations: any subset of the seven ops, handed down the filter stack to
 * {@link Transport#performStreamOp}.
 *
 * <h2>The contract (every transport keeps it; the conformance kit checks it)</h2>
 *
 * <ol>
 *   <li>A batch may hold any subset of ops. A call may put everything in one batch or spread it
 *       over many, but at most one op of each kind is in flight on a stream at a time (the
 *       surface enforces this; transports may assume it).
 *   <li>{@link OnComplete} covers the batch's send ops and its cancel: it runs once, after all of
 *       them are done, with OK or the first failure. It never waits for the batch's recv ops;
 *       each recv op has its own ready callback that runs once, when its data is there.
 *   <li>Order within a direction is kept: initial metadata, messages in order, trailing metadata.
 *       A message handed down before initial metadata is sent still goes out after it. Nothing is
 *       sent after trailing metadata.
 *   <li>{@code recvMessage} yields null ("no message") only once the peer's stream has ended and
 *       every message before that was delivered; only then may {@code recvTrailingMetadata}
 *       complete. On the server, {@code recvTrailingMetadata} ("call closed") waits until the
 *       server has sent its trailers or the call was cancelled.
 *   <li>{@code cancelStream} may come at any time from either side and reaches the peer. Every
 *       pending op then completes: recv ops with nothing (null), sends with the failure. Ops that
 *       arrive after the cancel complete at once the same way. Every callback runs exactly once.
 *   <li>A send may complete before the peer has read it, within a bounded buffer; a peer that
 *       does not read holds further sends back (back-pressure), never unbounded buffering.
 *   <li>A stream and its transport stay alive until every callback handed to them has run; after
 *       {@link Transport#destroyStream} no callback of that stream runs.
 * </ol>
 *
 * <p>Callbacks run on the transport's thread (or its serializing executor), never inside the
 * {@code performStreamOp} call that handed them over, and must not block.
 *
 * <p>A batch is built by one thread and then belongs to the layer it was handed to; filters may
 * replace its callbacks with wrappers before passing it down.
 */
public final class StreamOpBatch {

  /** Write flag: do not compress this message. */
  public static final int FLAG_NO_COMPRESS = 1;
  /** Write flag: more messages follow soon; the transport may hold this one to coalesce. */
  public static final int FLAG_BUFFER_HINT = 2;

  /** Completion of a batch's send ops and cancel. */
  @FunctionalInterface
  public interface OnComplete {
    /** @param status OK when every send op and the cancel succeeded, else the first failure */
    void done(Status status);
  }

  /** Completion of recvInitialMetadata. */
  @FunctionalInterface
  public interface InitialMetadataReady {
    /**
     * @param headers the peer's initial metadata, or null when the stream ended without any
     *     (a trailers-only response, or a failure): the status then comes with the trailers
     */
    void ready(Metadata headers);
  }

  /** Completion of recvMessage. */
  @FunctionalInterface
  public interface MessageReady {
    /**
     * @param message the next message, owned by the callee (release it); or null when the peer's
     *     stream ended or the stream failed
     */
    void ready(Message message);
  }

  /** Completion of recvTrailingMetadata. */
  @FunctionalInterface
  public interface TrailingMetadataReady {
    /**
     * @param trailers the peer's trailers (empty, never null, when there were none)
     * @param status client: the call's status, from the wire or made up from a failure; server:
     *     OK when the call closed normally, else why it was cancelled
     */
    void ready(Metadata trailers, Status status);
  }

  private Metadata sendInitialMetadata;
  private Message sendMessage;
  private int sendMessageFlags;
  private Metadata sendTrailingMetadata;
  private Status sendStatus;
  private InitialMetadataReady recvInitialMetadata;
  private MessageReady recvMessage;
  private TrailingMetadataReady recvTrailingMetadata;
  private Status cancelStatus;
  private OnComplete onComplete;

  /** An empty batch; add ops with the builder methods. */
  public StreamOpBatch() {}

  /**
   * A batch holding only a cancel with {@code status}.
   *
   * @param status the status to cancel with; not OK
   * @param onComplete told once the cancel is done
   * @return the new batch
   */
  public static StreamOpBatch cancel(Status status, OnComplete onComplete) {
    return new StreamOpBatch().cancelStream(status).onComplete(onComplete);
  }

  // ---- building ----

  /**
   * Client: the request headers (method, authority and deadline came with initStream). Server: the
   * response headers.
   *
   * @param headers the metadata to send
   * @return this batch
   */
  public StreamOpBatch sendInitialMetadata(Metadata headers) {
    this.sendInitialMetadata = Objects.requireNonNull(headers, "headers");
    return this;
  }

  /**
   * One message, with {@code FLAG_*} bits.
   *
   * @param message the message, which the transport now owns
   * @param flags {@link #FLAG_NO_COMPRESS}, {@link #FLAG_BUFFER_HINT}, or 0
   * @return this batch
   */
  public StreamOpBatch sendMessage(Message message, int flags) {
    this.sendMessage = Objects.requireNonNull(message, "message");
    this.sendMessageFlags = flags;
    return this;
  }

  /**
   * Client only: half-close (no more messages).
   *
   * @return this batch
   */
  public StreamOpBatch sendHalfClose() {
    this.sendTrailingMetadata = new Metadata();
    this.sendStatus = null;
    return this;
  }

  /**
   * Server only: the call's status and trailers; ends the server's side of the stream.
   *
   * @param trailers the trailers to send
   * @param status the call's status
   * @return this batch
   */
  public StreamOpBatch sendTrailingMetadata(Metadata trailers, Status status) {
    this.sendTrailingMetadata = Objects.requireNonNull(trailers, "trailers");
    this.sendStatus = Objects.requireNonNull(status, "status");
    return this;
  }

  /**
   * Receives the peer's initial metadata.
   *
   * @param ready told the metadata, or null when the stream ended without any
   * @return this batch
   */
  public StreamOpBatch recvInitialMetadata(InitialMetadataReady ready) {
    this.recvInitialMetadata = Objects.requireNonNull(ready, "ready");
    return this;
  }

  /**
   * Receives one message.
   *
   * @param ready told the message, or null once the peer's stream has ended
   * @return this batch
   */
  public StreamOpBatch recvMessage(MessageReady ready) {
    this.recvMessage = Objects.requireNonNull(ready, "ready");
    return this;
  }

  /**
   * Receives the end of the call: the client gets the trailers and status, the server learns the
   * call is closed.
   *
   * @param ready told the trailers and status once the call is over
   * @return this batch
   */
  public StreamOpBatch recvTrailingMetadata(TrailingMetadataReady ready) {
    this.recvTrailingMetadata = Objects.requireNonNull(ready, "ready");
    return this;
  }

  /**
   * Cancels the stream with {@code status} (not OK).
   *
   * @param status the status to cancel with
   * @return this batch
   */
  public StreamOpBatch cancelStream(Status status) {
    Objects.requireNonNull(status, "status");
    if (status.isOk()) {
      throw new IllegalArgumentException("Cannot cancel a stream with status OK");
    }
    this.cancelStatus = status;
    return this;
  }

  /**
   * The callback for the batch's send ops and cancel; replaces any earlier one.
   *
   * @param callback told once the send ops and the cancel are done
   * @return this batch
   */
  public StreamOpBatch onComplete(OnComplete callback) {
    this.onComplete = callback;
    return this;
  }

  // ---- reading ----

  /** {@return whether the batch sends initial metadata} */
  public boolean hasSendInitialMetadata() {
    return sendInitialMetadata != null;
  }

  /** {@return whether the batch sends a message} */
  public boolean hasSendMessage() {
    return sendMessage != null;
  }

  /** {@return whether the batch sends trailers (server) or half-closes (client)} */
  public boolean hasSendTrailingMetadata() {
    return sendTrailingMetadata != null;
  }

  /** {@return whether the batch receives initial metadata} */
  public boolean hasRecvInitialMetadata() {
    return recvInitialMetadata != null;
  }

  /** {@return whether the batch receives a message} */
  public boolean hasRecvMessage() {
    return recvMessage != null;
  }

  /** {@return whether the batch receives the trailers or the close} */
  public boolean hasRecvTrailingMetadata() {
    return recvTrailingMetadata != null;
  }

  /** {@return whether the batch cancels the stream} */
  public boolean hasCancel() {
    return cancelStatus != null;
  }

  /**
   * {@return true when the batch holds a send op or a cancel, so onComplete has something to cover}
   */
  public boolean hasSendOrCancel() {
    return sendInitialMetadata != null || sendMessage != null || sendTrailingMetadata != null
        || cancelStatus != null;
  }

  /** {@return true when the batch holds no op at all} */
  public boolean isEmpty() {
    return !hasSendOrCancel() && recvInitialMetadata == null && recvMessage == null
        && recvTrailingMetadata == null;
  }

  /** {@return the initial metadata to send, or null} */
  public Metadata sendInitialMetadata() {
    return sendInitialMetadata;
  }

  /** {@return the message to send, or null} */
  public Message sendMessage() {
    return sendMessage;
  }

  /** {@return the {@code FLAG_*} bits of the message to send} */
  public int sendMessageFlags() {
    return sendMessageFlags;
  }

  /** {@return the trailers to send, or null} */
  public Metadata sendTrailingMetadata() {
    return sendTrailingMetadata;
  }

  /** {@return the server's status for sendTrailingMetadata; null for a client half-close} */
  public Status sendStatus() {
    return sendStatus;
  }

  /** {@return the status of the cancel, or null when the batch does not cancel} */
  public Status cancelStatus() {
    return cancelStatus;
  }

  /** {@return the callback of the send ops and the cancel, or null} */
  public OnComplete onComplete() {
    return onComplete;
  }

  /** {@return the callback of the initial-metadata receive, or null} */
  public InitialMetadataReady recvInitialMetadataReady() {
    return recvInitialMetadata;
  }

  /** {@return the callback of the message receive, or null} */
  public MessageReady recvMessageReady() {
    return recvMessage;
  }

  /** {@return the callback of the trailers receive, or null} */
  public TrailingMetadataReady recvTrailingMetadataReady() {
    return recvTrailingMetadata;
  }

  // ---- failing a batch without passing it down ----

  /**
   * Completes every op of this batch with {@code failure}, without touching any stream: recv ops
   * with nothing, onComplete with the failure, recvTrailingMetadata with the failure as status.
   * Frees the message. For filters and the surface that reject a batch before it reaches a
   * transport.
   *
   * @param failure the status to complete the ops with; not OK
   */
  public void failWith(Status failure) {
    if (sendMessage != null) {
      sendMessage.release();
    }
    if (recvInitialMetadata != null) {
      recvInitialMetadata.ready(null);
    }
    if (recvMessage != null) {
      recvMessage.ready(null);
    }
    if (recvTrailingMetadata != null) {
      recvTrailingMetadata.ready(new Metadata(), failure);
    }
    if (onComplete != null) {
      onComplete.done(failure);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("StreamOpBatch{");
    if (sendInitialMetadata != null) sb.append(" sendInitialMetadata");
    if (sendMessage != null) sb.append(" sendMessage");
    if (sendTrailingMetadata != null) sb.append(sendStatus == null ? " sendHalfClose" : " sendTrailingMetadata(" + sendStatus.code() + ")");
    if (recvInitialMetadata != null) sb.append(" recvInitialMetadata");
    if (recvMessage != null) sb.append(" recvMessage");
    if (recvTrailingMetadata != null) sb.append(" recvTrailingMetadata");
    if (cancelStatus != null) sb.append(" cancel(").append(cancelStatus.code()).append(')');
    return sb.append(" }").toString();
  }
}
