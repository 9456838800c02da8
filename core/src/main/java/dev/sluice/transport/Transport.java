package dev.sluice.transport;

import dev.sluice.Status;
import java.util.concurrent.CompletableFuture;

/**
 * One connection (or in-process pair end) carrying many streams. The analog of the C core's
 * transport vtable; {@link StreamOpBatch} states the per-stream contract.
 *
 * <h2>Threading</h2>
 *
 * <p>Every method may be called from any thread and never blocks. A transport serializes its own
 * state (an event loop, or a serializing executor) and runs every callback there, never inside
 * the call that handed the callback over. Callbacks must not block.
 *
 * <h2>Life</h2>
 *
 * <ul>
 *   <li>A client transport creates streams with {@link #initStream}; a server transport creates
 *       them as the peer opens them and hands each to the {@link StreamAcceptor}.
 *   <li>{@link #shutdown} is graceful: no new streams (they fail with UNAVAILABLE), streams in
 *       flight run to their end, then the transport terminates.
 *   <li>{@link #close} is immediate: every stream ends with the given status (each pending op
 *       completes exactly once) and the transport terminates once those callbacks have run.
 *   <li>{@link #terminationFuture} completes when the transport has released everything: no
 *       stream left, no callback left to run.
 * </ul>
 */
public interface Transport {

  /** {@return a short name for logs and the user agent: {@code "inproc"}, {@code "h2"}} */
  String name();

  /** {@return true for the client end} */
  boolean isClient();

  /**
   * Client only: creates a stream for a new call. Never fails synchronously: on a transport that
   * is shutting down or closed, the stream's ops complete at once with UNAVAILABLE.
   *
   * @param head the call's path, authority and deadline
   * @return the new stream
   */
  TransportStream initStream(CallHead head);

  /**
   * Processes one batch on {@code stream} (see {@link StreamOpBatch} for the contract).
   *
   * @param stream a stream of this transport
   * @param batch the ops, which now belong to the transport
   */
  void performStreamOp(TransportStream stream, StreamOpBatch batch);

  /**
   * Releases a stream's state. If the stream has not finished, it is cancelled first (every
   * pending op completes with CANCELLED). No callback of the stream runs after the ones this
   * triggers.
   *
   * @param stream a stream of this transport; not used afterwards
   */
  void destroyStream(TransportStream stream);

  /**
   * Processes a connection-wide op.
   *
   * @param op the op, such as a ping or a connectivity watch
   */
  void performTransportOp(TransportOp op);

  /**
   * Graceful end: refuse new streams, let the ones in flight finish. Idempotent.
   *
   * @param status why, for the streams refused from now on
   */
  void shutdown(Status status);

  /**
   * Immediate end: every stream ends with {@code status}. Idempotent.
   *
   * @param status the status the remaining streams end with
   */
  void close(Status status);

  /**
   * Completes when the transport has terminated and released every stream.
   *
   * @return the future of the end
   */
  CompletableFuture<Void> terminationFuture();

  /** {@return the byte stream under this transport, or null when there is none (in-process)} */
  Endpoint endpoint();
}
