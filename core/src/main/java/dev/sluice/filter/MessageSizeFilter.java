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
  private final class PerCall extends FilterCall {
    private final CallInfo info;

    PerCall(CallInfo info, BatchSink next) {
      super(next);
      this.info = info;
    }

    @Override
    public void startBatch(StreamOpBatch batch) {
      if (batch.hasSendMessage() && maxOutbound != Integer.MAX_VALUE) {
        int length = batch.sendMessage().length();
        if (length > maxOutbound) {
          Status status = Status.RESOURCE_EXHAUSTED.withDescription(
              "Sending a message of " + length + " bytes, over the limit of " + maxOutbound
                  + " bytes (raise it with maxOutboundMessageSize)");
          fail(status);
          batch.failWith(status);
          return;
        }
      }
      passDown(batch);
    }

    @Override
    protected Message received(Message message) {
      return check(message);
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
      fail(Status.RESOURCE_EXHAUSTED.withDescription(
          (info.client() ? "Response" : "Request") + " message of " + length
              + " bytes is over the limit of " + maxInbound + " bytes for " + info.head().path()
              + " (raise it with maxInboundMessageSize)"));
      return null;
    }

  }
}
