package dev.sluice.testing;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Builds one {@link StreamOpBatch} whose callbacks record into futures, hands it to the
 * transport, and waits for its results with {@code awaitX()} helpers.
 *
 * <p>Every callback is registered with the {@link CallbackLedger}: it must run exactly once,
 * never inline inside {@code performStreamOp}, and before the test ends.
 *
 * <p>Used by one test thread; the futures may be completed from any thread.
 *
 * @param <T> the message type of the stream's marshaller
 */
public final class RecordingBatch<T> {

  private final StreamRecorder<T> stream;
  private final StreamOpBatch batch = new StreamOpBatch();
  private final CompletableFuture<Status> complete = new CompletableFuture<>();
  private final CompletableFuture<Metadata> headers = new CompletableFuture<>();
  private final CompletableFuture<T> message = new CompletableFuture<>();
  private final CompletableFuture<Trailers> trailers = new CompletableFuture<>();
  private boolean performed;

  RecordingBatch(StreamRecorder<T> stream) {
    this.stream = stream;
  }

  // ---- building ----

  /**
   * Adds sendInitialMetadata.
   *
   * @param md the metadata to send
   * @return this batch
   */
  public RecordingBatch<T> sendHeaders(Metadata md) {
    batch.sendInitialMetadata(md);
    return this;
  }

  /**
   * Adds sendMessage with {@code value} serialized by the stream's marshaller.
   *
   * @param value the message to send
   * @return this batch
   */
  public RecordingBatch<T> send(T value) {
    batch.sendMessage(Message.ofValue(value, stream.marshaller()), 0);
    return this;
  }

  /**
   * Adds sendMessage with {@code value}'s bytes in a body the kit tracks: the transport must
   * release it exactly once and never read it afterwards ({@link BodyLedger}).
   *
   * @param value the message to send
   * @return this batch
   */
  public RecordingBatch<T> sendBody(T value) {
    batch.sendMessage(stream.trackedMessage(value), 0);
    return this;
  }

  /**
   * Adds sendMessage with a message built by the caller and write flags.
   *
   * @param m the message to send, which the transport then owns
   * @param flags the write flags, as {@link dev.sluice.transport.StreamOpBatch} defines them
   * @return this batch
   */
  public RecordingBatch<T> sendMessage(Message m, int flags) {
    batch.sendMessage(m, flags);
    return this;
  }

  /**
   * Adds the client's half-close.
   *
   * @return this batch
   */
  public RecordingBatch<T> halfClose() {
    batch.sendHalfClose();
    return this;
  }

  /**
   * Adds the server's trailers with {@code status}.
   *
   * @param md the trailers to send
   * @param status the status to end the call with
   * @return this batch
   */
  public RecordingBatch<T> sendTrailers(Metadata md, Status status) {
    batch.sendTrailingMetadata(md, status);
    return this;
  }

  /**
   * Adds recvInitialMetadata.
   *
   * @return this batch
   */
  public RecordingBatch<T> recvHeaders() {
    CallbackLedger.Owed owed = stream.owe("recvInitialMetadata");
    batch.recvInitialMetadata(md -> {
      if (owed.run()) {
        stream.onHeaders(md);
        headers.complete(md);
      }
    });
    return this;
  }

  /**
   * Adds recvMessage; a received message is parsed (and so released) in the callback.
   *
   * @return this batch
   */
  public RecordingBatch<T> recvMessage() {
    CallbackLedger.Owed owed = stream.owe("recvMessage");
    batch.recvMessage(m -> {
      if (!owed.run()) {
        if (m != null) {
          m.release();
        }
        return;
      }
      T value = null;
      if (m != null) {
        try {
          value = m.parse(stream.marshaller());
        } catch (IOException | RuntimeException e) {
          stream.violation("received message could not be parsed: " + e);
        } finally {
          m.release();
        }
      }
      stream.onMessage(value, m != null);
      message.complete(value);
    });
    return this;
  }

  /**
   * Adds recvTrailingMetadata.
   *
   * @return this batch
   */
  public RecordingBatch<T> recvTrailers() {
    CallbackLedger.Owed owed = stream.owe("recvTrailingMetadata");
    batch.recvTrailingMetadata((md, status) -> {
      if (owed.run()) {
        if (md == null) {
          stream.violation("recvTrailingMetadata yielded null trailers (must be empty, not null)");
        }
        if (status == null) {
          stream.violation("recvTrailingMetadata yielded a null status");
        }
        stream.onTrailers();
        trailers.complete(new Trailers(md == null ? new Metadata() : md, status));
      }
    });
    return this;
  }

  /**
   * Adds cancelStream with {@code status}.
   *
   * @param status the status the stream is cancelled with
   * @return this batch
   */
  public RecordingBatch<T> cancel(Status status) {
    batch.cancelStream(status);
    return this;
  }

  /**
   * Hands the batch to the transport (inside the ledger's inline guard).
   *
   * @return this batch, now in flight
   */
  public RecordingBatch<T> perform() {
    if (performed) {
      throw new IllegalStateException("batch already performed");
    }
    performed = true;
    if (batch.hasSendOrCancel()) {
      CallbackLedger.Owed owed = stream.owe("onComplete of " + batch);
      batch.onComplete(status -> {
        if (owed.run()) {
          if (status == null) {
            stream.violation("onComplete got a null status");
          }
          complete.complete(status);
        }
      });
    }
    stream.perform(batch);
    return this;
  }

  // ---- results ----

  /**
   * The onComplete status.
   *
   * @return the status the batch completed with; OK when every op succeeded
   */
  public Status awaitComplete() {
    return stream.await(complete, "onComplete of " + batch);
  }

  /** {@return the peer's initial metadata, or null (trailers-only or failure)} */
  public Metadata awaitHeaders() {
    return stream.await(headers, "recvInitialMetadata");
  }

  /** {@return the next message, or null at end of stream or failure} */
  public T awaitMessage() {
    return stream.await(message, "recvMessage");
  }

  /**
   * The trailers and status.
   *
   * @return the peer's trailers and the call's status
   */
  public Trailers awaitTrailers() {
    return stream.await(trailers, "recvTrailingMetadata");
  }

  /**
   * Completes with the onComplete status.
   *
   * @return a future of the status the batch completed with
   */
  public CompletableFuture<Status> completeFuture() {
    return complete;
  }

  /**
   * Completes with the received initial metadata (or null).
   *
   * @return a future of the peer's initial metadata
   */
  public CompletableFuture<Metadata> headersFuture() {
    return headers;
  }

  /**
   * Completes with the received message (or null).
   *
   * @return a future of the received message
   */
  public CompletableFuture<T> messageFuture() {
    return message;
  }

  /**
   * Completes with the trailers.
   *
   * @return a future of the peer's trailers and the call's status
   */
  public CompletableFuture<Trailers> trailersFuture() {
    return trailers;
  }

  @Override
  public String toString() {
    return "RecordingBatch" + batch;
  }
}
