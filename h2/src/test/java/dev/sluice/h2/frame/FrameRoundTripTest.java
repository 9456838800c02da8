package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every frame type written by {@link FrameWriter} and read back by {@link FrameReader}. */
class FrameRoundTripTest {
  private final FrameWriter writer = new FrameWriter();
  private final ByteBuf out = Unpooled.buffer();

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static String hex(String s) {
    return ByteBufUtil.hexDump(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void data_plain_roundTrips() throws Exception {
    writer.data(out, 1, ascii("hello"), true, 0);
    assertThat(Frames.readAll(out))
        .containsExactly("data stream=1 endStream=true flow=5 bytes=" + hex("hello"));
  }

  @Test
  void data_padded_paddingRemovedAndCountedForFlowControl() throws Exception {
    writer.data(out, 3, ascii("abc"), false, 10);
    assertThat(Frames.readAll(out))
        .containsExactly("data stream=3 endStream=false flow=13 bytes=" + hex("abc"));
  }

  @Test
  void data_paddedWithOnlyPadLengthOctet_roundTrips() throws Exception {
    writer.data(out, 3, ascii("abc"), false, 1);
    assertThat(Frames.readAll(out))
        .containsExactly("data stream=3 endStream=false flow=4 bytes=" + hex("abc"));
  }

  @Test
  void data_maximumPadding_roundTrips() throws Exception {
    writer.data(out, 3, Unpooled.EMPTY_BUFFER, true, 256);
    assertThat(Frames.readAll(out)).containsExactly("data stream=3 endStream=true flow=256 bytes=");
  }

  @Test
  void headers_plain_roundTrips() throws Exception {
    writer.headers(out, 5, ascii("block"), false, null, 0);
    assertThat(Frames.readAll(out))
        .containsExactly("headers stream=5 endStream=false priority=null block=" + hex("block"));
  }

  @Test
  void headers_withPriorityAndPadding_roundTrips() throws Exception {
    PrioritySpec priority = new PrioritySpec(3, 256, true);
    writer.headers(out, 5, ascii("block"), true, priority, 7);
    assertThat(Frames.readAll(out))
        .containsExactly(
            "headers stream=5 endStream=true priority=" + priority + " block=" + hex("block"));
  }

  @Test
  void headers_largerThanMaxFrameSize_splitIntoContinuationsAndReassembled() throws Exception {
    ByteBuf block = Frames.bytes(40_000, 0x61);
    writer.headers(out, 7, block, true, new PrioritySpec(0, 16, false), 3);
    assertThat(FrameLog.formatAll(FrameLog.Direction.OUTBOUND, out))
        .containsExactly(
            ">> HEADERS stream=7 flags=PRIORITY|PADDED|END_STREAM length=16384",
            ">> CONTINUATION stream=7 flags=- length=16384",
            ">> CONTINUATION stream=7 flags=END_HEADERS length=7240");
    ByteBuf expected = Frames.bytes(40_000, 0x61);
    List<String> events = readWithLargeBlockLimit(out);
    assertThat(events)
        .containsExactly(
            "headers stream=7 endStream=true priority=PrioritySpec[streamDependency=0, weight=16,"
                + " exclusive=false] block=" + ByteBufUtil.hexDump(expected));
  }

  private static List<String> readWithLargeBlockLimit(ByteBuf in) throws Http2Exception {
    RecordingHandler handler = new RecordingHandler();
    FrameReader reader =
        FrameReader.forClient(
            handler,
            io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
            ReaderLimits.DEFAULT.withMaxHeaderBlockBytes(1 << 20));
    reader.read(in);
    in.release();
    reader.close();
    return handler.events;
  }

  @Test
  void priority_roundTrips() throws Exception {
    PrioritySpec priority = new PrioritySpec(1, 1, false);
    writer.priority(out, 9, priority);
    assertThat(Frames.readAll(out)).containsExactly("priority stream=9 " + priority);
  }

  @Test
  void rstStream_roundTrips() throws Exception {
    writer.rstStream(out, 11, Http2ErrorCode.CANCEL);
    assertThat(Frames.readAll(out)).containsExactly("rstStream stream=11 CANCEL");
  }

  @Test
  void settings_allSixKnown_roundTrip() throws Exception {
    Http2Settings settings =
        new Http2Settings()
            .put(Http2Settings.HEADER_TABLE_SIZE, 0)
            .put(Http2Settings.ENABLE_PUSH, 0)
            .put(Http2Settings.MAX_CONCURRENT_STREAMS, 0xffff_ffffL)
            .put(Http2Settings.INITIAL_WINDOW_SIZE, Http2Settings.MAX_WINDOW_SIZE)
            .put(Http2Settings.MAX_FRAME_SIZE, Http2Settings.MAX_MAX_FRAME_SIZE)
            .put(Http2Settings.MAX_HEADER_LIST_SIZE, 8192);
    writer.settings(out, settings);
    writer.settingsAck(out);
    assertThat(Frames.readAll(out)).containsExactly("settings " + settings, "settingsAck");
  }

  @Test
  void settings_empty_roundTrips() throws Exception {
    writer.settings(out, new Http2Settings());
    assertThat(Frames.readAll(out)).containsExactly("settings {}");
  }

  @Test
  void pushPromise_paddedAndSplit_roundTrips() throws Exception {
    ByteBuf block = Frames.bytes(20_000, 0x62);
    writer.pushPromise(out, 1, 2, block, 5);
    assertThat(FrameLog.formatAll(FrameLog.Direction.OUTBOUND, out))
        .containsExactly(
            ">> PUSH_PROMISE stream=1 flags=PADDED length=16384",
            ">> CONTINUATION stream=1 flags=END_HEADERS length=3625");
    assertThat(readWithLargeBlockLimit(out))
        .containsExactly("pushPromise stream=1 promised=2 block=" + ByteBufUtil.hexDump(block));
  }

  @Test
  void ping_andPingAck_roundTrip() throws Exception {
    writer.ping(out, false, 0x0102030405060708L);
    writer.ping(out, true, -1L);
    assertThat(Frames.readAll(out))
        .containsExactly("ping ack=false data=72623859790382856", "ping ack=true data=-1");
  }

  @Test
  void goAway_withDebugData_roundTrips() throws Exception {
    writer.goAway(out, 0x7fff_ffff, Http2ErrorCode.ENHANCE_YOUR_CALM, ascii("too_many_pings"));
    assertThat(Frames.readAll(out))
        .containsExactly(
            "goAway last=2147483647 ENHANCE_YOUR_CALM debug=" + hex("too_many_pings"));
  }

  @Test
  void windowUpdate_connectionAndStream_roundTrip() throws Exception {
    writer.windowUpdate(out, 0, 0x7fff_ffff);
    writer.windowUpdate(out, 13, 1);
    assertThat(Frames.readAll(out))
        .containsExactly(
            "windowUpdate stream=0 increment=2147483647", "windowUpdate stream=13 increment=1");
  }

  @Test
  void unknownFrame_roundTripsToUnknownFrameHandler() throws Exception {
    writer.unknownFrame(out, 0xfa, 3, 0xff, ascii("x"));
    assertThat(Frames.readAll(out))
        .containsExactly("unknown type=250 stream=3 flags=255 payload=" + hex("x"));
  }

  @Test
  void clientPreface_thenSettings_readByServerReader() throws Exception {
    writer.clientPreface(out);
    writer.settings(out, new Http2Settings().put(Http2Settings.ENABLE_PUSH, 0));
    RecordingHandler handler = new RecordingHandler();
    FrameReader reader =
        FrameReader.forServer(
            handler, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    reader.read(out);
    out.release();
    assertThat(handler.events).containsExactly("settings {ENABLE_PUSH=0}");
  }

  @Test
  void reservedBit_onStreamIds_ignored() throws Exception {
    ByteBuf frame =
        Frames.raw(FrameType.WINDOW_UPDATE, 0, 0x8000_0005, 0x80, 0, 0, 1);
    assertThat(Frames.readAll(frame)).containsExactly("windowUpdate stream=5 increment=1");
  }

  @Test
  void undefinedFlags_ignored() throws Exception {
    // 0x20 (PRIORITY) and 0x08 (PADDED) mean nothing on WINDOW_UPDATE and must not be parsed.
    ByteBuf frame = Frames.raw(FrameType.WINDOW_UPDATE, 0xff, 1, 0, 0, 0, 9);
    assertThat(Frames.readAll(frame)).containsExactly("windowUpdate stream=1 increment=9");
  }

  @Test
  void unknownSettingId_ignored() throws Exception {
    ByteBuf frame = Frames.raw(FrameType.SETTINGS, 0, 0, 0, 0x42, 0, 0, 0, 1, 0, 3, 0, 0, 0, 7);
    assertThat(Frames.readAll(frame)).containsExactly("settings {MAX_CONCURRENT_STREAMS=7}");
  }

  @Test
  void unknownErrorCode_readAsInternalError() throws Exception {
    ByteBuf frame = Frames.raw(FrameType.RST_STREAM, 0, 1, 0, 0, 0x12, 0x34);
    assertThat(Frames.readAll(frame)).containsExactly("rstStream stream=1 INTERNAL_ERROR");
  }

  @Test
  void dataSlice_heldAfterRead_survivesReleaseOfInput() throws Exception {
    writer.data(out, 1, ascii("kept"), false, 0);
    ByteBuf[] kept = new ByteBuf[1];
    FrameReader.Handler keeper =
        new ForwardingHandler(new RecordingHandler()) {
          @Override
          public void data(int streamId, ByteBuf data, boolean endStream, int flow) {
            kept[0] = data;
          }
        };
    FrameReader reader =
        FrameReader.forClient(
            keeper, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    reader.read(out);
    out.release();
    reader.close();
    assertThat(kept[0].refCnt()).as("handler's reference").isEqualTo(1);
    assertThat(kept[0].toString(StandardCharsets.US_ASCII)).isEqualTo("kept");
    assertThat(kept[0].release()).as("last reference frees the input").isTrue();
  }

  @Test
  void headerBlock_borrowed_releasedByReaderAfterCall() throws Exception {
    ByteBuf[] seen = new ByteBuf[1];
    FrameReader.Handler peeker =
        new ForwardingHandler(new RecordingHandler()) {
          @Override
          public void headers(int streamId, ByteBuf block, boolean endStream, PrioritySpec p) {
            seen[0] = block;
          }
        };
    io.netty.buffer.UnpooledByteBufAllocator alloc =
        new io.netty.buffer.UnpooledByteBufAllocator(false, true);
    FrameReader reader =
        FrameReader.forClient(peeker, alloc, ReaderLimits.DEFAULT.withMaxHeaderBlockBytes(1 << 20));
    writer.headers(out, 1, Frames.bytes(20_000, 1), false, null, 0);
    ByteBuf firstPiece = out.readRetainedSlice(100);
    reader.read(firstPiece);
    firstPiece.release();
    reader.read(out);
    out.release();
    assertThat(seen[0]).isNotNull();
    assertThat(seen[0].refCnt()).as("assembled block freed once the call returned").isZero();
    assertThat(alloc.metric().usedHeapMemory()).isZero();
  }
}
