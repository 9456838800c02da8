package dev.sluice.filter;

import dev.sluice.Status;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;

/**
 * Enforces the largest message a call may receive and send. A received message over the inbound
 * limit is dropped and the call is cancelled with RESOURCE_EXHAUSTED; a message over the
 * outbound limit is never sent: the batch fails and the call is cancelled, both with
 * RESOURCE_EXHAUSTED and a message that names the limit and how to raise it.
 */
public final class MessageSizeFilter implements Filter {

  /** gRPC's customary inbound limit: 4 MiB. */
  public static final int DEFAULT_MAX_INBOUND = 4 * 1024 * 1024;

  private final int maxInbound;
  private final int maxOutbound;

  /**
   * @param maxInbound largest message accepted, in bytes
   * @param maxOutbound largest message sent, in bytes ({@link Integer#MAX_VALUE}: no limit)
   */
  public MessageSizeFilter(int maxInbound, int maxOutbound) {
    if (maxInbound < 0 || maxOutbound < 0) {
      throw new IllegalArgumentException("Message size limits must not be negative");
    }
    this.maxInbound = maxInbound;
    this.maxOutbound = maxOutbound;
  }

  @Override
  public BatchSink newCall(CallInfo info, BatchSink next) {
    return new PerCall(info, next);
  }

  /** One call's view: remembers a limit it tripped, so the call ends with that status. */
  private final class PerCall implements BatchSink, StreamOpBatch.MessageReady {
    private final CallInfo info;
    private final BatchSink next;
    private final CallFailure failure;
    /**
     * The callback of the receive in flight, for which this object stands in (a call receives
     * one message at a time, so one field does, and no wrapper is made per message).
     */
    private volatile StreamOpBatch.MessageReady deliverTo;

    PerCall(CallInfo info, BatchSink next) {
      this.info = info;
      this.next = next;
      this.failure = new CallFailure(next);
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
      if (batch.hasSendMessage() && maxOutbound != Integer.MAX_VALUE) {
        int length = batch.sendMessage().length();
        if (length > maxOutbound) {
          Status status = Status.RESOURCE_EXHAUSTED.withDescription(
              "Sending a message of " + length + " bytes, over the limit of " + maxOutbound
                  + " bytes (raise it with maxOutboundMessageSize)");
          failure.fail(status);
          batch.failWith(status);
          return;
        }
      }
      StreamOpBatch.MessageReady ready = batch.recvMessageReady();
      if (ready != null) {
        if (deliverTo == null) {
          deliverTo = ready;
          batch.recvMessage(this);
        } else {
          batch.recvMessage(message -> ready.ready(check(message)));
        }
      }
      failure.reportOn(batch);
      next.startBatch(batch);
    }

    @Override
    public void ready(Message message) {
      StreamOpBatch.MessageReady to = deliverTo;
      deliverTo = null; // before delivering: the receiver may ask for the next one at once
      to.ready(check(message));
    }

    private Message check(Message message) {
      if (message == null) {
        return null;
      }
      int length = message.length();
      if (length <= maxInbound) {
        return message;
      }
      message.release();
      failure.fail(Status.RESOURCE_EXHAUSTED.withDescription(
          (info.client() ? "Response" : "Request") + " message of " + length
              + " bytes is over the limit of " + maxInbound + " bytes for " + info.head().path()
              + " (raise it with maxInboundMessageSize)"));
      return null;
    }

  }
}
