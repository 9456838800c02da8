package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Local misuse of the writer is our bug, so it is IllegalArgumentException, never Http2Exception. */
class FrameWriterTest {
  private final FrameWriter writer = new FrameWriter();
  private final ByteBuf out = Unpooled.buffer();

  @Test
  void data_largerThanPeerMaxFrameSize_rejected() {
    ByteBuf data = Frames.bytes(16_384, 0);
    assertThatThrownBy(() -> writer.data(out, 1, data, false, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.isReadable()).as("nothing half-written").isFalse();
  }

  @Test
  void data_exactlyPeerMaxFrameSize_written() {
    writer.data(out, 1, Frames.bytes(16_383, 0), false, 1);
    assertThat(out.readableBytes()).isEqualTo(9 + 16_384);
  }

  @Test
  void data_onStreamZero_rejected() {
    assertThatThrownBy(() -> writer.data(out, 0, Unpooled.EMPTY_BUFFER, true, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void padding_outOfRange_rejected() {
    assertThatThrownBy(() -> writer.data(out, 1, Unpooled.EMPTY_BUFFER, true, 257))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.headers(out, 1, Unpooled.EMPTY_BUFFER, true, null, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void windowUpdate_zeroIncrement_rejected() {
    assertThatThrownBy(() -> writer.windowUpdate(out, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void priority_onItself_rejected() {
    assertThatThrownBy(() -> writer.priority(out, 3, new PrioritySpec(3, 16, false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headers_emptyBlock_singleFrameWithEndHeaders() {
    writer.headers(out, 1, Unpooled.EMPTY_BUFFER, true, null, 0);
    assertThat(FrameLog.formatAll(FrameLog.Direction.OUTBOUND, out))
        .containsExactly(">> HEADERS stream=1 flags=END_HEADERS|END_STREAM length=0");
  }

  @Test
  void headers_blockExactlyFillingTwoFrames_noEmptyTrailingContinuation() {
    writer.headers(out, 1, Frames.bytes(2 * 16_384, 7), false, null, 0);
    assertThat(FrameLog.formatAll(FrameLog.Direction.OUTBOUND, out))
        .containsExactly(
            ">> HEADERS stream=1 flags=- length=16384",
            ">> CONTINUATION stream=1 flags=END_HEADERS length=16384");
  }

  @Test
  void headers_largerPeerMaxFrameSize_fewerFrames() {
    writer.maxFrameSize(Http2Settings.MAX_MAX_FRAME_SIZE);
    writer.headers(out, 1, Frames.bytes(100_000, 7), false, null, 0);
    assertThat(FrameLog.formatAll(FrameLog.Direction.OUTBOUND, out))
        .containsExactly(">> HEADERS stream=1 flags=END_HEADERS length=100000");
  }

  @Test
  void maxFrameSize_outOfRange_rejected() {
    assertThatThrownBy(() -> writer.maxFrameSize(16_383)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.maxFrameSize(1 << 24)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inputBuffers_notConsumedNorReleased() {
    ByteBuf data = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    writer.data(out, 1, data, false, 0);
    assertThat(data.readableBytes()).isEqualTo(3);
    assertThat(data.refCnt()).isEqualTo(1);
  }
}
