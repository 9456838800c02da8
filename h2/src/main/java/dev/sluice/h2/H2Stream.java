package dev.sluice.h2;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.grpc.MessageDeframer;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.StreamStats;
import dev.sluice.transport.TransportStream;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * One gRPC call's HTTP/2 stream: its state, its pending ops (one slot per kind), what it still
 * has to send and what it has received. Plain data, touched only on the connection's event loop;
 * {@link Http2Connection} holds the logic.
 */
final class H2Stream implements TransportStream {

  final boolean client;
  final CallHead head;
  final StreamStats stats = new StreamStats();
  final SendWindow sendWindow;
  final FlowWindow recvWindow;
  final MessageDeframer deframer;

  /** The HTTP/2 stream id; 0 until a client stream is started. */
  int id;
  StreamState state = StreamState.IDLE;
  /** Set once the stream is fully done and removed from the connection. */
  boolean removed;
  /** Set by destroyStream: no callback may run after this. */
  boolean destroyed;
  /**
   * A server's plain HTTP answer to a request that is not gRPC: no call and no op slots; its body
   * goes out through flow control, and END_STREAM rides on its last DATA frame.
   */
  boolean plainAnswer;
  /** Queued to be flushed at the end of the read (a window opened). */
  boolean flushQueued;

  // ---- how it closed, for frames that arrive late (RFC 9113 §5.1) ----
  /** We sent RST_STREAM on it. */
  boolean resetSent;
  /** The peer sent RST_STREAM on it. */
  boolean resetReceived;
  /** The peer sent END_STREAM on it. */
  boolean peerEnded;

  // ---- send side ----
  /** Initial metadata the application gave, waiting to be encoded (client: for concurrency). */
  Metadata headersToSend;
  BatchBarrier headersBarrier;
  boolean headersSent;
  /** Framed gRPC messages not yet cut into DATA frames, in order. */
  // Small to start: most streams hold a frame or two at a time, and it grows when needed.
  final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>(3);
  /** The pending send message's barrier; done when its last byte has passed flow control. */
  BatchBarrier messageBarrier;
  /** Trailers (server) or half-close (client) waiting for the outbound queue to drain. */
  Metadata trailersToSend;
  Status statusToSend;
  BatchBarrier trailersBarrier;
  boolean trailersSent;

  // ---- receive side ----
  StreamOpBatch.InitialMetadataReady recvInitial;
  StreamOpBatch.MessageReady recvMessage;
  StreamOpBatch.TrailingMetadataReady recvTrailing;
  /** The peer's initial metadata, once it came. */
  Metadata receivedHeaders;
  boolean headersDelivered;
  /** Client: trailers-only response or trailers; server: empty. */
  Metadata receivedTrailers;
  /** The call's final status once known (client: from trailers or a failure). */
  Status finalStatus;
  boolean finalDelivered;
  /** The peer will send nothing more (END_STREAM or reset). */
  boolean readClosed;
  /** DATA bytes received whose stream credit has not been returned yet. */
  long uncredited;
  /** The peer's content-length, or -1 when it sent none (RFC 9113 §8.1.1). */
  long contentLength = -1;
  /** DATA payload bytes received, padding excluded. */
  long dataReceived;
  /** Why the stream was cancelled or reset; null when it was not. */
  Status cancelStatus;

  H2Stream(boolean client, CallHead head, long initialSendWindow, int recvWindow,
      MessageDeframer deframer) {
    this.client = client;
    this.head = head;
    this.sendWindow = new SendWindow(initialSendWindow);
    this.recvWindow = new FlowWindow(recvWindow);
    this.deframer = deframer;
  }

  @Override
  public boolean isClient() {
    return client;
  }

  @Override
  public StreamStats stats() {
    return stats;
  }

  /** True when a send op is waiting. */
  boolean hasPendingSend() {
    return headersBarrier != null || messageBarrier != null || trailersBarrier != null;
  }

  /** True when any op is waiting. */
  boolean hasPendingOps() {
    return hasPendingSend() || recvInitial != null || recvMessage != null || recvTrailing != null;
  }

  @Override
  public String toString() {
    return "H2Stream{id=" + id + ", " + head.path() + ", " + state + "}";
  }
}
