package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Netty's codec-http2 as an independent oracle: we must read what Netty writes, Netty must read
 * what we write, and for the same logical frame both writers must produce the same bytes.
 */
class NettyDifferentialTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
  private final DefaultHttp2FrameWriter nettyWriter = new DefaultHttp2FrameWriter();
  private final FrameWriter ourWriter = new FrameWriter();
  /** HPACK state for the blocks we hand to our writer, kept in step with Netty's writer. */
  private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();

  @AfterEach
  void closeChannel() {
    channel.finishAndReleaseAll();
  }

  private static Http2Headers requestHeaders(int extraBytes) {
    Http2Headers headers =
        new DefaultHttp2Headers(false)
            .method("POST")
            .path("/sluice.Echo/Say")
            .scheme("http")
            .authority("localhost")
            .add("content-type", "application/grpc")
            .add("te", "trailers");
    if (extraBytes > 0) {
      headers.add("x-big", "v".repeat(extraBytes));
    }
    return headers;
  }

  private ByteBuf encode(int streamId, Http2Headers headers) throws Exception {
    ByteBuf block = Unpooled.buffer();
    hpack.encodeHeaders(streamId, headers, block);
    return block;
  }

  /** Everything Netty's writer has written since the last call, as one buffer. */
  private ByteBuf nettyOutput() {
    channel.flushOutbound();
    ByteBuf all = Unpooled.buffer();
    for (Object msg; (msg = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) msg;
      all.writeBytes(buf);
      buf.release();
    }
    return all;
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  @Test
  void sameFrames_bothWriters_produceIdenticalBytes() throws Exception {
    ByteBuf ours = Unpooled.buffer();
    nettyWriter.writeData(ctx, 1, ascii("payload"), 17, true, ctx.newPromise());
    ourWriter.data(ours, 1, ascii("payload"), true, 17);
    nettyWriter.writeHeaders(ctx, 3, requestHeaders(0), 5, false, ctx.newPromise());
    ourWriter.headers(ours, 3, encode(3, requestHeaders(0)), false, null, 5);
    nettyWriter.writeHeaders(
        ctx, 5, requestHeaders(0), 3, (short) 42, true, 0, true, ctx.newPromise());
    ourWriter.headers(ours, 5, encode(5, requestHeaders(0)), true, new PrioritySpec(3, 42, true), 0);
    nettyWriter.writeHeaders(ctx, 7, requestHeaders(40_000), 0, false, ctx.newPromise());
    ourWriter.headers(ours, 7, encode(7, requestHeaders(40_000)), false, null, 0);
    nettyWriter.writePriority(ctx, 9, 7, (short) 256, false, ctx.newPromise());
    ourWriter.priority(ours, 9, new PrioritySpec(7, 256, false));
    nettyWriter.writeRstStream(ctx, 9, Http2ErrorCode.REFUSED_STREAM.wireValue(), ctx.newPromise());
    ourWriter.rstStream(ours, 9, Http2ErrorCode.REFUSED_STREAM);
    nettyWriter.writeSettingsAck(ctx, ctx.newPromise());
    ourWriter.settingsAck(ours);
    nettyWriter.writePing(ctx, true, 0xcafe_babeL, ctx.newPromise());
    ourWriter.ping(ours, true, 0xcafe_babeL);
    nettyWriter.writePushPromise(ctx, 3, 2, requestHeaders(0), 9, ctx.newPromise());
    ourWriter.pushPromise(ours, 3, 2, encode(3, requestHeaders(0)), 9);
    nettyWriter.writeGoAway(ctx, 7, Http2ErrorCode.NO_ERROR.wireValue(), ascii("bye"), ctx.newPromise());
    ourWriter.goAway(ours, 7, Http2ErrorCode.NO_ERROR, ascii("bye"));
    nettyWriter.writeWindowUpdate(ctx, 0, 65_535, ctx.newPromise());
    ourWriter.windowUpdate(ours, 0, 65_535);
    ByteBuf netty = nettyOutput();
    assertThat(FrameLog.formatAll(FrameLog.Direction.OUTBOUND, ours))
        .isEqualTo(FrameLog.formatAll(FrameLog.Direction.OUTBOUND, netty));
    assertThat(firstDifference(ours, netty)).as("first differing offset").isEqualTo(-1);
    ours.release();
    netty.release();
  }

  /** Offset of the first differing byte, or -1; keeps failure messages short. */
  private static int firstDifference(ByteBuf a, ByteBuf b) {
    int n = Math.min(a.readableBytes(), b.readableBytes());
    for (int i = 0; i < n; i++) {
      if (a.getByte(a.readerIndex() + i) != b.getByte(b.readerIndex() + i)) {
        return i;
      }
    }
    return a.readableBytes() == b.readableBytes() ? -1 : n;
  }

  @Test
  void ourReader_readsWhatNettyWrites() throws Exception {
    io.netty.handler.codec.http2.Http2Settings settings =
        new io.netty.handler.codec.http2.Http2Settings()
            .maxConcurrentStreams(100)
            .initialWindowSize(1 << 20)
            .pushEnabled(false)
            .maxHeaderListSize(8192);
    nettyWriter.writeSettings(ctx, settings, ctx.newPromise());
    nettyWriter.writeHeaders(ctx, 1, requestHeaders(30_000), 4, false, ctx.newPromise());
    nettyWriter.writeData(ctx, 1, ascii("hello"), 3, false, ctx.newPromise());
    nettyWriter.writeData(ctx, 1, Unpooled.EMPTY_BUFFER, 0, true, ctx.newPromise());
    nettyWriter.writePing(ctx, false, 7, ctx.newPromise());
    nettyWriter.writeRstStream(ctx, 1, Http2ErrorCode.CANCEL.wireValue(), ctx.newPromise());
    nettyWriter.writeWindowUpdate(ctx, 1, 100, ctx.newPromise());
    nettyWriter.writeGoAway(ctx, 1, Http2ErrorCode.ENHANCE_YOUR_CALM.wireValue(), ascii("calm"), ctx.newPromise());
    nettyWriter.writeFrame(ctx, (byte) 0x33, 5, new Http2Flags((short) 0x2), ascii("?"), ctx.newPromise());
    ByteBuf netty = nettyOutput();

    DefaultHttp2HeadersDecoder hpackDecoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);
    List<String> events = new ArrayList<>();
    FrameReader.Handler handler =
        new ForwardingHandler(new RecordingHandler()) {
          @Override
          public void headers(int streamId, ByteBuf block, boolean endStream, PrioritySpec p)
              throws Http2Exception {
            try {
              Http2Headers decoded = hpackDecoder.decodeHeaders(streamId, block);
              events.add("headers " + streamId + " " + decoded.get(":path") + " x-big="
                  + decoded.get("x-big").length() + " endStream=" + endStream);
            } catch (io.netty.handler.codec.http2.Http2Exception e) {
              throw new AssertionError(e);
            }
          }

          @Override
          public void data(int streamId, ByteBuf data, boolean endStream, int flow) {
            events.add("data " + streamId + " " + data.toString(StandardCharsets.US_ASCII)
                + " flow=" + flow + " endStream=" + endStream);
            data.release();
          }

          @Override
          public void settings(Http2Settings s) {
            events.add("settings " + s);
          }

          @Override
          public void ping(boolean ack, long opaque) {
            events.add("ping " + ack + " " + opaque);
          }

          @Override
          public void rstStream(int streamId, Http2ErrorCode code) {
            events.add("rst " + streamId + " " + code);
          }

          @Override
          public void windowUpdate(int streamId, int increment) {
            events.add("windowUpdate " + streamId + " " + increment);
          }

          @Override
          public void goAway(int last, Http2ErrorCode code, ByteBuf debug) {
            events.add("goAway " + last + " " + code + " " + debug.toString(StandardCharsets.US_ASCII));
          }

          @Override
          public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {
            events.add("unknown " + type + " " + streamId + " " + flags);
          }
        };
    FrameReader reader =
        FrameReader.forClient(
            handler,
            UnpooledByteBufAllocator.DEFAULT,
            ReaderLimits.DEFAULT.withMaxHeaderBlockBytes(1 << 20));
    reader.read(netty);
    netty.release();
    reader.close();
    assertThat(events)
        .containsExactly(
            "settings {ENABLE_PUSH=0, MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=1048576,"
                + " MAX_HEADER_LIST_SIZE=8192}",
            "headers 1 /sluice.Echo/Say x-big=30000 endStream=false",
            "data 1 hello flow=8 endStream=false",
            "data 1  flow=0 endStream=true",
            "ping false 7",
            "rst 1 CANCEL",
            "windowUpdate 1 100",
            "goAway 1 ENHANCE_YOUR_CALM calm",
            "unknown 51 5 2");
  }

  @Test
  void nettyReader_readsWhatWeWrite() throws Exception {
    ByteBuf ours = Unpooled.buffer();
    ourWriter.settings(
        ours,
        new Http2Settings()
            .put(Http2Settings.HEADER_TABLE_SIZE, 0)
            .put(Http2Settings.MAX_FRAME_SIZE, 32_768));
    ourWriter.settingsAck(ours);
    ourWriter.headers(ours, 1, encode(1, requestHeaders(50_000)), false, new PrioritySpec(0, 16, false), 11);
    ourWriter.data(ours, 1, ascii("hello"), true, 256);
    ourWriter.priority(ours, 3, new PrioritySpec(1, 100, true));
    ourWriter.rstStream(ours, 3, Http2ErrorCode.STREAM_CLOSED);
    ourWriter.pushPromise(ours, 1, 4, encode(1, requestHeaders(20_000)), 0);
    ourWriter.ping(ours, false, -5);
    ourWriter.ping(ours, true, 5);
    ourWriter.windowUpdate(ours, 0, 12_345);
    ourWriter.goAway(ours, 3, Http2ErrorCode.PROTOCOL_ERROR, ascii("oops"));

    List<String> events = new ArrayList<>();
    Http2FrameListener listener = new NettyRecordingListener(events);
    DefaultHttp2FrameReader nettyReader =
        new DefaultHttp2FrameReader(new DefaultHttp2HeadersDecoder(false, 1 << 20));
    nettyReader.readFrame(ctx, ours, listener);
    assertThat(ours.isReadable()).isFalse();
    ours.release();
    nettyReader.close();
    assertThat(events)
        .containsExactly(
            "settings {HEADER_TABLE_SIZE=0, MAX_FRAME_SIZE=32768}",
            "settingsAck",
            "headers 1 /sluice.Echo/Say x-big=50000 padding=11 dep=0 weight=16 excl=false end=false",
            "data 1 hello padding=256 end=true",
            "priority 3 dep=1 weight=100 excl=true",
            "rst 3 5",
            "pushPromise 1 4 x-big=20000",
            "ping -5",
            "pingAck 5",
            "windowUpdate 0 12345",
            "goAway 3 1 oops");
  }
}
