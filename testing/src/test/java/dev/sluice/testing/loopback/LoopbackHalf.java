package dev.sluice.testing.loopback;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.StreamStats;
import dev.sluice.transport.TransportStream;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One end of a loopback stream. All fields are guarded by the connection's lock; callbacks are
 * handed to the connection's executor, never run under the lock or inline.
 */
final class LoopbackHalf implements TransportStream {

  /** How many unread messages a receiver may hold before the sender's send stays pending. */
  static final int WINDOW = 8;

  final LoopbackTransport transport;
  final boolean client;
  final StreamStats stats = new StreamStats();
  LoopbackHalf peer;

  // what arrived from the peer
  Metadata inHeaders;
  final ArrayDeque<Message> inMessages = new ArrayDeque<>();
  boolean inEnded;
  Metadata inTrailers;
  Status inStatus;

  // pending recv ops
  StreamOpBatch.InitialMetadataReady rim;
  StreamOpBatch.MessageReady rm;
  StreamOpBatch.TrailingMetadataReady rtm;
  boolean rimDone;
  boolean rtmDone;

  // our side
  boolean sentClose;
  Status cancelled;
  /** A send over the window, completed with OK when the peer reads or the cancel if not. */
  Consumer<Status> pendingSend;
  boolean destroyed;

  LoopbackHalf(LoopbackTransport transport, boolean client) {
    this.transport = transport;
    this.client = client;
  }

  @Override
  public boolean isClient() {
    return client;
  }

  @Override
  public StreamStats stats() {
    return stats;
  }

  boolean finished() {
    return rtmDone && (sentClose || cancelled != null) && (inEnded || cancelled != null);
  }
}
