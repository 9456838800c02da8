package dev.sluice.inproc;

import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.StreamStats;
import dev.sluice.transport.TransportStream;
import java.util.Objects;

/**
 * One end of an in-process call: its parked ops, its two pipes (shared with the peer end) and its
 * progress flags. The logic that moves a call forward lives in {@link StreamMachine}.
 *
 * <p>Fields are touched only inside the connection's {@link SerialLoop}; only {@link #isClient}
 * and {@link #stats} may be read elsewhere (stats once the call has ended).
 */
final class InProcessStream implements TransportStream {

  final InProcessTransport transport;
  final boolean client;
  final CallHead head;
  final OpSlots slots = new OpSlots();
  private final StreamStats stats = new StreamStats();

  /** The peer end; null when the stream was refused before a server stream existed. */
  InProcessStream peer;
  /** What this end receives. */
  MessagePipe inbound;
  /** What this end sends (the peer's inbound). */
  MessagePipe outbound;

  /** Why this end failed (cancel, close, refusal); null while it has not. */
  Status failure;
  boolean sentHeaders;
  /** Server: trailers sent. */
  boolean sentTrailers;
  /** Client: trailers (and status) delivered. */
  boolean receivedTrailers;
  /** Counted in its transport's live streams. */
  boolean live;
  boolean destroyed;

  InProcessStream(InProcessTransport transport, boolean client, CallHead head) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.client = client;
    this.head = Objects.requireNonNull(head, "head");
  }

  void link(InProcessStream peerEnd, MessagePipe in, MessagePipe out) {
    this.peer = peerEnd;
    this.inbound = in;
    this.outbound = out;
  }

  /**
   * True once this end's part of the call ended normally: the client has its status, the server
   * has sent its trailers. A cancel from this end is then a no-op.
   */
  boolean finishedNormally() {
    return client ? receivedTrailers : sentTrailers;
  }

  /** True when nothing more will happen on this end unless the layer above starts new ops. */
  boolean isDone() {
    return destroyed || ((failure != null || finishedNormally()) && slots.isEmpty());
  }

  @Override
  public boolean isClient() {
    return client;
  }

  @Override
  public StreamStats stats() {
    return stats;
  }

  @Override
  public String toString() {
    return "InProcessStream{" + (client ? "client " : "server ") + head.path() + "}";
  }
}
