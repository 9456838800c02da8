package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameLogTest {
  private final FrameWriter writer = new FrameWriter();
  private final ByteBuf out = Unpooled.buffer();

  @Test
  void format_headersWithTwoFlags_matchesDocumentedShape() {
    FrameHeader header =
        new FrameHeader(42, FrameType.HEADERS, FrameFlags.END_HEADERS | FrameFlags.END_STREAM, 3);
    assertThat(FrameLog.format(FrameLog.Direction.INBOUND, header))
        .isEqualTo("<< HEADERS stream=3 flags=END_HEADERS|END_STREAM length=42");
  }

  @Test
  void format_flagBitOne_namedPerFrameType() {
    assertThat(FrameLog.format(FrameLog.Direction.OUTBOUND, new FrameHeader(8, FrameType.PING, 1, 0)))
        .isEqualTo(">> PING stream=0 flags=ACK length=8");
    assertThat(FrameLog.format(FrameLog.Direction.OUTBOUND, new FrameHeader(0, FrameType.DATA, 1, 5)))
        .isEqualTo(">> DATA stream=5 flags=END_STREAM length=0");
  }

  @Test
  void format_undefinedFlagsAndUnknownType_shownInHex() {
    assertThat(FrameLog.format(FrameLog.Direction.INBOUND, new FrameHeader(1, 0xbe, 0x81, 7)))
        .isEqualTo("<< UNKNOWN(0xbe) stream=7 flags=0x80|0x01 length=1");
    assertThat(
            FrameLog.format(FrameLog.Direction.INBOUND, new FrameHeader(4, FrameType.WINDOW_UPDATE, 0, 0)))
        .isEqualTo("<< WINDOW_UPDATE stream=0 flags=- length=4");
  }

  @Test
  void formatAll_writerOutput_oneLinePerFrameWithoutHeaderValues() {
    writer.clientPreface(out);
    writer.settings(out, new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 100));
    ByteBuf secret = Unpooled.copiedBuffer("authorization: secret", StandardCharsets.US_ASCII);
    writer.headers(out, 1, secret, false, null, 0);
    writer.data(out, 1, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), true, 8);
    writer.rstStream(out, 1, Http2ErrorCode.CANCEL);
    writer.goAway(out, 1, Http2ErrorCode.NO_ERROR, Unpooled.EMPTY_BUFFER);
    List<String> lines = FrameLog.formatAll(FrameLog.Direction.OUTBOUND, out);
    assertThat(lines)
        .containsExactly(
            ">> PREFACE",
            ">> SETTINGS stream=0 flags=- length=6",
            ">> HEADERS stream=1 flags=END_HEADERS length=21",
            ">> DATA stream=1 flags=PADDED|END_STREAM length=11",
            ">> RST_STREAM stream=1 flags=- length=4",
            ">> GOAWAY stream=0 flags=- length=8");
    assertThat(String.join("\n", lines)).doesNotContain("secret");
  }

  @Test
  void formatAll_truncatedFrame_reported() {
    writer.ping(out, false, 1);
    out.writerIndex(out.writerIndex() - 1);
    assertThat(FrameLog.formatAll(FrameLog.Direction.INBOUND, out))
        .containsExactly("<< PING stream=0 flags=- length=8", "<< TRUNCATED");
  }

  @Test
  void readerObserver_seesEveryInboundFrameHeader() throws Exception {
    List<String> log = new ArrayList<>();
    FrameReader reader =
        FrameReader.forClient(
            new RecordingHandler(), UnpooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
    reader.frameHeaderObserver(h -> log.add(FrameLog.format(FrameLog.Direction.INBOUND, h)));
    writer.settingsAck(out);
    writer.windowUpdate(out, 3, 10);
    reader.read(out);
    assertThat(log)
        .containsExactly(
            "<< SETTINGS stream=0 flags=ACK length=0", "<< WINDOW_UPDATE stream=3 flags=- length=4");
  }
}
