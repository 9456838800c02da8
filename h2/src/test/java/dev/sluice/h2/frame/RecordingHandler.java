package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every frame as one string so tests can compare whole conversations. Releases DATA
 * payloads as the handler contract demands, and checks that borrowed buffers are still readable.
 */
final class RecordingHandler implements FrameReader.Handler {
  final List<String> events = new ArrayList<>();

  @Override
  public void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes) {
    try {
      events.add(
          "data stream=" + streamId + " endStream=" + endStream + " flow=" + flowControlledBytes
              + " bytes=" + ByteBufUtil.hexDump(data));
    } finally {
      data.release();
    }
  }

  @Override
  public void headers(int streamId, ByteBuf headerBlock, boolean endStream, PrioritySpec priority) {
    events.add(
        "headers stream=" + streamId + " endStream=" + endStream + " priority=" + priority
            + " block=" + ByteBufUtil.hexDump(headerBlock));
  }

  @Override
  public void priority(int streamId, PrioritySpec priority) {
    events.add("priority stream=" + streamId + " " + priority);
  }

  @Override
  public void rstStream(int streamId, Http2ErrorCode errorCode) {
    events.add("rstStream stream=" + streamId + " " + errorCode);
  }

  @Override
  public void settings(Http2Settings settings) {
    events.add("settings " + settings);
  }

  @Override
  public void settingsAck() {
    events.add("settingsAck");
  }

  @Override
  public void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock) {
    events.add(
        "pushPromise stream=" + streamId + " promised=" + promisedStreamId
            + " block=" + ByteBufUtil.hexDump(headerBlock));
  }

  @Override
  public void ping(boolean ack, long opaqueData) {
    events.add("ping ack=" + ack + " data=" + opaqueData);
  }

  @Override
  public void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData) {
    events.add(
        "goAway last=" + lastStreamId + " " + errorCode + " debug=" + ByteBufUtil.hexDump(debugData));
  }

  @Override
  public void windowUpdate(int streamId, int windowSizeIncrement) {
    events.add("windowUpdate stream=" + streamId + " increment=" + windowSizeIncrement);
  }

  @Override
  public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {
    events.add(
        "unknown type=" + type + " stream=" + streamId + " flags=" + flags
            + " payload=" + ByteBufUtil.hexDump(payload));
  }
}
