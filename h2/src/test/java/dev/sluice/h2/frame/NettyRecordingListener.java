package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

/** Records what Netty's frame reader reports, in the shape NettyDifferentialTest asserts. */
final class NettyRecordingListener implements Http2FrameListener {
  private final List<String> events;

  NettyRecordingListener(List<String> events) {
    this.events = events;
  }

  private static int bigLength(Http2Headers headers) {
    CharSequence big = headers.get("x-big");
    return big == null ? 0 : big.length();
  }

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
      boolean endOfStream) {
    events.add("data " + streamId + " " + data.toString(StandardCharsets.US_ASCII)
        + " padding=" + padding + " end=" + endOfStream);
    return data.readableBytes() + padding;
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int padding, boolean endOfStream) {
    events.add("headers " + streamId + " " + headers.path() + " x-big=" + bigLength(headers)
        + " padding=" + padding + " end=" + endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int streamDependency, short weight, boolean exclusive, int padding, boolean endOfStream) {
    events.add("headers " + streamId + " " + headers.path() + " x-big=" + bigLength(headers)
        + " padding=" + padding + " dep=" + streamDependency + " weight=" + weight
        + " excl=" + exclusive + " end=" + endOfStream);
  }

  @Override
  public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency,
      short weight, boolean exclusive) {
    events.add("priority " + streamId + " dep=" + streamDependency + " weight=" + weight
        + " excl=" + exclusive);
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    events.add("rst " + streamId + " " + errorCode);
  }

  @Override
  public void onSettingsAckRead(ChannelHandlerContext ctx) {
    events.add("settingsAck");
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    TreeMap<String, Long> named = new TreeMap<>();
    if (settings.headerTableSize() != null) {
      named.put("HEADER_TABLE_SIZE", settings.headerTableSize());
    }
    if (settings.maxFrameSize() != null) {
      named.put("MAX_FRAME_SIZE", (long) settings.maxFrameSize());
    }
    events.add("settings " + named);
    if (named.size() != settings.size()) {
      events.add("unexpected settings " + settings);
    }
  }

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) {
    events.add("ping " + data);
  }

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    events.add("pingAck " + data);
  }

  @Override
  public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId,
      Http2Headers headers, int padding) {
    events.add("pushPromise " + streamId + " " + promisedStreamId + " x-big=" + bigLength(headers));
  }

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode,
      ByteBuf debugData) {
    events.add("goAway " + lastStreamId + " " + errorCode + " "
        + debugData.toString(StandardCharsets.US_ASCII));
  }

  @Override
  public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
    events.add("windowUpdate " + streamId + " " + windowSizeIncrement);
  }

  @Override
  public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId,
      Http2Flags flags, ByteBuf payload) {
    events.add("unknown " + frameType + " " + streamId);
  }
}
