package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;

/** Passes every frame to a delegate; tests override the one method they care about. */
class ForwardingHandler implements FrameReader.Handler {
  private final FrameReader.Handler delegate;

  ForwardingHandler(FrameReader.Handler delegate) {
    this.delegate = delegate;
  }

  @Override
  public void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes)
      throws Http2Exception {
    delegate.data(streamId, data, endStream, flowControlledBytes);
  }

  @Override
  public void headers(int streamId, ByteBuf headerBlock, boolean endStream, PrioritySpec priority)
      throws Http2Exception {
    delegate.headers(streamId, headerBlock, endStream, priority);
  }

  @Override
  public void priority(int streamId, PrioritySpec priority) throws Http2Exception {
    delegate.priority(streamId, priority);
  }

  @Override
  public void rstStream(int streamId, Http2ErrorCode errorCode) throws Http2Exception {
    delegate.rstStream(streamId, errorCode);
  }

  @Override
  public void settings(Http2Settings settings) throws Http2Exception {
    delegate.settings(settings);
  }

  @Override
  public void settingsAck() throws Http2Exception {
    delegate.settingsAck();
  }

  @Override
  public void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock)
      throws Http2Exception {
    delegate.pushPromise(streamId, promisedStreamId, headerBlock);
  }

  @Override
  public void ping(boolean ack, long opaqueData) throws Http2Exception {
    delegate.ping(ack, opaqueData);
  }

  @Override
  public void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData)
      throws Http2Exception {
    delegate.goAway(lastStreamId, errorCode, debugData);
  }

  @Override
  public void windowUpdate(int streamId, int windowSizeIncrement) throws Http2Exception {
    delegate.windowUpdate(streamId, windowSizeIncrement);
  }

  @Override
  public void unknownFrame(int type, int streamId, int flags, ByteBuf payload)
      throws Http2Exception {
    delegate.unknownFrame(type, streamId, flags, payload);
  }
}
