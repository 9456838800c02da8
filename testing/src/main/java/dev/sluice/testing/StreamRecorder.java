package dev.sluice.testing;

import dev.sluice.Marshaller;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream as the kit drives it: builds {@link RecordingBatch}es, keeps the order in which its
 * recv callbacks ran, and checks the rules a single stream can check by itself (on the client, no
 * message after the trailers; no message after end of stream; no op after destroy).
 *
 * <p>Shortcuts such as {@link #send} build and perform a one-op batch.
 *
 * @param <T> the message type
 */
public final class StreamRecorder<T> {

  /** What the stream's recv callbacks delivered, in the order they ran. */
  public enum Event {
    /** recvInitialMetadata yielded the peer's initial metadata. */
    HEADERS,
    /** recvInitialMetadata yielded none: the call ended without (trailers-only, or failed). */
    NO_HEADERS,
    /** recvMessage yielded a message. */
    MESSAGE,
    /** recvMessage yielded none: the peer's side of the stream is over. */
    END_OF_STREAM,
    /** recvTrailingMetadata yielded the trailers and status. */
    TRAILERS
  }

  private final TransportHarness harness;
  private final Transport transport;
  private final TransportStream stream;
  private final Marshaller<T> marshaller;
  private final String name;
  private final CallHead head;
  private final List<Event> events = new ArrayList<>();
  private final AtomicInteger bodyNames = new AtomicInteger();
  private volatile boolean destroyed;

  StreamRecorder(TransportHarness harness, Transport transport, TransportStream stream,
      Marshaller<T> marshaller, String name, CallHead head) {
    this.harness = harness;
    this.transport = transport;
    this.stream = stream;
    this.marshaller = marshaller;
    this.name = name;
    this.head = head;
  }

  /** {@return the call head: the one the client asked for, or the one the server was handed} */
  public CallHead head() {
    return head;
  }

  /** {@return the transport stream under test} */
  public TransportStream stream() {
    return stream;
  }

  /** {@return the transport that owns the stream} */
  public Transport transport() {
    return transport;
  }

  /** {@return the marshaller used for this stream's messages} */
  public Marshaller<T> marshaller() {
    return marshaller;
  }

  /** {@return a new, empty batch for this stream} */
  public RecordingBatch<T> batch() {
    return new RecordingBatch<>(this);
  }

  // ---- one-op shortcuts (each performs its batch) ----

  /**
   * Sends {@code md} as initial metadata, in a batch of its own.
   *
   * @param md the metadata to send
   * @return the performed batch
   */
  public RecordingBatch<T> sendHeaders(Metadata md) {
    return batch().sendHeaders(md).perform();
  }

  /**
   * Sends {@code value}, in a batch of its own.
   *
   * @param value the message to send
   * @return the performed batch
   */
  public RecordingBatch<T> send(T value) {
    return batch().send(value).perform();
  }

  /**
   * Sends {@code value} as a message body the kit tracks (see {@link BodyLedger}).
   *
   * @param value the message to send
   * @return the performed batch
   */
  public RecordingBatch<T> sendBody(T value) {
    return batch().sendBody(value).perform();
  }

  /**
   * Half-closes the client's side, in a batch of its own.
   *
   * @return the performed batch
   */
  public RecordingBatch<T> halfClose() {
    return batch().halfClose().perform();
  }

  /**
   * Sends the server's trailers and status, in a batch of its own.
   *
   * @param md the trailers to send
   * @param status the status to end the call with
   * @return the performed batch
   */
  public RecordingBatch<T> sendTrailers(Metadata md, Status status) {
    return batch().sendTrailers(md, status).perform();
  }

  /**
   * Receives the peer's initial metadata, in a batch of its own.
   *
   * @return the performed batch
   */
  public RecordingBatch<T> recvHeaders() {
    return batch().recvHeaders().perform();
  }

  /**
   * Receives one message, in a batch of its own.
   *
   * @return the performed batch
   */
  public RecordingBatch<T> recvMessage() {
    return batch().recvMessage().perform();
  }

  /**
   * Receives the trailers and status, in a batch of its own.
   *
   * @return the performed batch
   */
  public RecordingBatch<T> recvTrailers() {
    return batch().recvTrailers().perform();
  }

  /**
   * Cancels the stream, in a batch of its own.
   *
   * @param status the status to cancel with
   * @return the performed batch
   */
  public RecordingBatch<T> cancel(Status status) {
    return batch().cancel(status).perform();
  }

  /**
   * Receives messages one op at a time until "no message"; returns them in order.
   *
   * @return every message received
   */
  public List<T> drainMessages() {
    List<T> out = new ArrayList<>();
    for (T m = recvMessage().awaitMessage(); m != null; m = recvMessage().awaitMessage()) {
      out.add(m);
    }
    return out;
  }

  /** Releases the stream ({@link Transport#destroyStream}); at most once. */
  public void destroy() {
    if (destroyed) {
      throw new IllegalStateException(name + " already destroyed");
    }
    destroyed = true;
    harness.destroy(transport, stream);
  }

  /** {@return the recv events so far, in the order their callbacks ran} */
  public List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  // ---- used by RecordingBatch ----

  Message trackedMessage(T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      marshaller.serialize(value, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return harness.bodies().message(out.toByteArray(),
        name + "#" + bodyNames.incrementAndGet());
  }

  CallbackLedger.Owed owe(String what) {
    return harness.ledger().owe(name + " " + what);
  }

  void violation(String message) {
    harness.ledger().violation(name + ": " + message);
  }

  void perform(StreamOpBatch batch) {
    if (destroyed) {
      throw new IllegalStateException(name + ": op after destroyStream: " + batch);
    }
    harness.ledger().inside("performStreamOp", () -> transport.performStreamOp(stream, batch));
  }

  <R> R await(CompletableFuture<R> future, String what) {
    return harness.await(future, name + " " + what);
  }

  void onHeaders(Metadata md) {
    record(md == null ? Event.NO_HEADERS : Event.HEADERS);
  }

  void onMessage(T value, boolean present) {
    synchronized (events) {
      // Client only: a server's "call closed" may precede messages the client sent before it.
      if (present && stream.isClient() && events.contains(Event.TRAILERS)) {
        violation("a message was delivered after the trailers");
      }
      if (present && events.contains(Event.END_OF_STREAM)) {
        violation("a message was delivered after recvMessage had yielded end of stream");
      }
    }
    record(present ? Event.MESSAGE : Event.END_OF_STREAM);
  }

  void onTrailers() {
    record(Event.TRAILERS);
  }

  private void record(Event e) {
    synchronized (events) {
      events.add(e);
    }
  }
}
