package dev.sluice.inproc;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;

/**
 * The parked ops of one stream end: one slot per op kind that can wait (the surface keeps at most
 * one op of each kind in flight). send initial/trailing metadata never wait, so have no slot.
 *
 * <p>Loop only. Taking an op out of its slot is how it is guaranteed to complete exactly once.
 */
final class OpSlots {

  StreamOpBatch.InitialMetadataReady recvInitial;
  StreamOpBatch.MessageReady recvMessage;
  StreamOpBatch.TrailingMetadataReady recvTrailing;
  /** The batch of a sendMessage that waits for room in the receiver's queue. */
  BatchBarrier blockedSend;

  boolean isEmpty() {
    return recvInitial == null && recvMessage == null && recvTrailing == null
        && blockedSend == null;
  }

  BatchBarrier takeBlockedSend() {
    BatchBarrier b = blockedSend;
    blockedSend = null;
    return b;
  }

  /** Completes every parked op: recv ops with nothing, the blocked send with {@code status}. */
  void failAll(Status status, SerialLoop loop) {
    StreamOpBatch.InitialMetadataReady initial = recvInitial;
    StreamOpBatch.MessageReady message = recvMessage;
    StreamOpBatch.TrailingMetadataReady trailing = recvTrailing;
    recvInitial = null;
    recvMessage = null;
    recvTrailing = null;
    if (initial != null) {
      loop.callback(() -> initial.ready(null));
    }
    if (message != null) {
      loop.callback(() -> message.ready(null));
    }
    if (trailing != null) {
      loop.callback(() -> trailing.ready(new Metadata(), status));
    }
    BatchBarrier send = takeBlockedSend();
    if (send != null) {
      send.done(status);
    }
  }
}
