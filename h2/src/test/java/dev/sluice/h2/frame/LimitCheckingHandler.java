package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A {@link RecordingHandler} that first checks every frame against what the reader promises its
 * handler: stream scopes, the payload size limit, and the {@link ReaderLimits} that must stop a
 * hostile peer before its frame is delivered. A broken promise is an {@link AssertionError}.
 */
final class LimitCheckingHandler implements FrameReader.Handler {
  private final RecordingHandler recorder = new RecordingHandler();
  private final ReaderLimits limits;
  private final int maxFrameSize;
  /** DATA frames with no data and no END_STREAM since the last HEADERS or real DATA. */
  private int emptyDataRun;

  LimitCheckingHandler(ReaderLimits limits, int maxFrameSize) {
    this.limits = limits;
    this.maxFrameSize = maxFrameSize;
  }

  /** What was delivered, one line per frame, in order. */
  List<String> events() {
    return recorder.events;
  }

  @Override
  public void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes) {
    try {
      assertThat(streamId).as("DATA stream").isPositive();
      assertThat(data.refCnt()).as("DATA handed over released").isPositive();
      assertThat(data.readableBytes()).isLessThanOrEqualTo(flowControlledBytes);
      assertThat(flowControlledBytes).isLessThanOrEqualTo(maxFrameSize);
      emptyDataRun = data.isReadable() || endStream ? 0 : emptyDataRun + 1;
      assertThat(emptyDataRun)
          .as("consecutive empty DATA frames delivered")
          .isLessThanOrEqualTo(limits.maxConsecutiveEmptyDataFrames());
    } catch (AssertionError e) {
      data.release();
      throw e;
    }
    recorder.data(streamId, data, endStream, flowControlledBytes);
  }

  @Override
  public void headers(int streamId, ByteBuf headerBlock, boolean endStream, PrioritySpec priority) {
    assertThat(streamId).as("HEADERS stream").isPositive();
    assertThat(headerBlock.readableBytes())
        .as("header block bytes")
        .isLessThanOrEqualTo(limits.maxHeaderBlockBytes());
    if (priority != null) {
      assertThat(priority.streamDependency()).as("self-dependency").isNotEqualTo(streamId);
    }
    emptyDataRun = 0;
    recorder.headers(streamId, headerBlock, endStream, priority);
  }

  @Override
  public void priority(int streamId, PrioritySpec priority) {
    assertThat(streamId).as("PRIORITY stream").isPositive();
    assertThat(priority.streamDependency()).as("self-dependency").isNotEqualTo(streamId);
    recorder.priority(streamId, priority);
  }

  @Override
  public void rstStream(int streamId, Http2ErrorCode errorCode) {
    assertThat(streamId).as("RST_STREAM stream").isPositive();
    assertThat(errorCode).isNotNull();
    recorder.rstStream(streamId, errorCode);
  }

  @Override
  public void settings(Http2Settings settings) {
    assertThat(settings.size())
        .as("SETTINGS entries")
        .isLessThanOrEqualTo(limits.maxSettingsEntries());
    recorder.settings(settings);
  }

  @Override
  public void settingsAck() {
    recorder.settingsAck();
  }

  @Override
  public void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock) {
    assertThat(streamId).as("PUSH_PROMISE stream").isPositive();
    assertThat(promisedStreamId).as("promised stream, 31 bits").isNotNegative();
    assertThat(headerBlock.readableBytes())
        .as("header block bytes")
        .isLessThanOrEqualTo(limits.maxHeaderBlockBytes());
    recorder.pushPromise(streamId, promisedStreamId, headerBlock);
  }

  @Override
  public void ping(boolean ack, long opaqueData) {
    recorder.ping(ack, opaqueData);
  }

  @Override
  public void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData) {
    assertThat(lastStreamId).as("last stream id, 31 bits").isNotNegative();
    assertThat(debugData.readableBytes()).isLessThanOrEqualTo(maxFrameSize - 8);
    recorder.goAway(lastStreamId, errorCode, debugData);
  }

  @Override
  public void windowUpdate(int streamId, int windowSizeIncrement) {
    assertThat(streamId).as("WINDOW_UPDATE stream, 31 bits").isNotNegative();
    assertThat(windowSizeIncrement).as("increment, 1 to 2^31-1").isPositive();
    recorder.windowUpdate(streamId, windowSizeIncrement);
  }

  @Override
  public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {
    assertThat(FrameType.isKnown(type)).as("type %d delivered as unknown", type).isFalse();
    assertThat(payload.readableBytes()).isLessThanOrEqualTo(maxFrameSize);
    recorder.unknownFrame(type, streamId, flags, payload);
  }
}
