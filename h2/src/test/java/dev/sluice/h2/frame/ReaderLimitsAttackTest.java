package dev.sluice.h2.frame;

import static dev.sluice.h2.frame.Frames.assertConnectionError;
import static dev.sluice.h2.frame.Frames.raw;
import static dev.sluice.h2.frame.Http2ErrorCode.ENHANCE_YOUR_CALM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * Plays each hostile-peer attack the {@link ReaderLimits} defend against, frame by frame, and
 * checks when the reader gives up and how much memory it held meanwhile.
 */
class ReaderLimitsAttackTest {
  /** Unpooled heap allocator whose metric tracks the bytes the reader holds. */
  private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
  private final RecordingHandler handler = new RecordingHandler();

  private final class Attack {
    final FrameReader reader;
    int framesAccepted;
    long peakHeldBytes;

    Attack(ReaderLimits limits) {
      reader = FrameReader.forClient(handler, alloc, limits);
    }

    /** Sends one frame per call, in two pieces so the reader must buffer. */
    Http2Exception sendUntilError(int count, java.util.function.IntFunction<ByteBuf> frame) {
      for (int i = 0; i < count; i++) {
        ByteBuf bytes = frame.apply(i);
        try {
          ByteBuf head = bytes.readRetainedSlice(bytes.readableBytes() / 2);
          try {
            reader.read(head);
          } finally {
            head.release();
          }
          peakHeldBytes = Math.max(peakHeldBytes, alloc.metric().usedHeapMemory());
          reader.read(bytes);
          peakHeldBytes = Math.max(peakHeldBytes, alloc.metric().usedHeapMemory());
          framesAccepted++;
        } catch (Http2Exception e) {
          return e;
        } finally {
          bytes.release();
        }
      }
      return null;
    }
  }

  @Test
  void continuationFlood_tenThousandEmptyFrames_failsAfterLimitWithBoundedMemory() {
    Attack attack = new Attack(ReaderLimits.DEFAULT);
    Http2Exception e =
        attack.sendUntilError(
            10_001,
            i -> i == 0 ? raw(FrameType.HEADERS, 0, 1, 0x82) : raw(FrameType.CONTINUATION, 0, 1));
    assertConnectionError(e, ENHANCE_YOUR_CALM);
    // HEADERS plus 16 CONTINUATIONs are accepted; the 17th CONTINUATION is refused.
    assertThat(attack.framesAccepted).isEqualTo(17);
    assertThat(attack.peakHeldBytes).isLessThan(1024);
    assertThat(alloc.metric().usedHeapMemory()).as("released after the error").isZero();
    assertThat(handler.events).isEmpty();
  }

  @Test
  void continuationFlood_withFrameLimitLifted_stoppedByByteLimitBeforeBuffering() {
    Attack attack = new Attack(ReaderLimits.DEFAULT.withMaxContinuationFrames(Integer.MAX_VALUE));
    ByteBuf fragment = Frames.bytes(1000, 0x41);
    Http2Exception e =
        attack.sendUntilError(
            10_000,
            i -> {
              ByteBuf out = Unpooled.buffer();
              out.writeMedium(1000);
              out.writeByte(i == 0 ? FrameType.HEADERS : FrameType.CONTINUATION);
              out.writeByte(0);
              out.writeInt(1);
              out.writeBytes(fragment, 0, 1000);
              return out;
            });
    fragment.release();
    assertConnectionError(e, ENHANCE_YOUR_CALM);
    // 10 × 1000 bytes fit in 10240; the 11th frame's header alone is enough to refuse it.
    assertThat(attack.framesAccepted).isEqualTo(10);
    assertThat(attack.peakHeldBytes).isBetween(9_000L, 10_240L + 1000 + 64);
    assertThat(alloc.metric().usedHeapMemory()).isZero();
  }

  @Test
  void headerBlock_exactlyAtByteLimit_accepted() throws Exception {
    FrameReader reader = FrameReader.forClient(handler, alloc, ReaderLimits.DEFAULT);
    ByteBuf out = Unpooled.buffer();
    FrameWriter writer = new FrameWriter();
    ByteBuf block = Frames.bytes(10_240, 0x41);
    writer.headers(out, 1, block, false, null, 0);
    reader.read(out);
    out.release();
    block.release();
    assertThat(handler.events).hasSize(1);
  }

  @Test
  void singleHeadersFrame_overByteLimit_connectionEnhanceYourCalm() {
    ByteBuf out = Unpooled.buffer();
    ByteBuf block = Frames.bytes(10_241, 0x41);
    new FrameWriter().headers(out, 1, block, false, null, 0);
    block.release();
    assertConnectionError(Frames.errorOf(out), ENHANCE_YOUR_CALM);
  }

  @Test
  void continuationLimit_configuredToZero_refusesFirstContinuation() {
    Attack attack = new Attack(ReaderLimits.DEFAULT.withMaxContinuationFrames(0));
    Http2Exception e =
        attack.sendUntilError(
            3,
            i -> i == 0 ? raw(FrameType.HEADERS, 0, 1, 0x82) : raw(FrameType.CONTINUATION, 0, 1));
    assertConnectionError(e, ENHANCE_YOUR_CALM);
    assertThat(attack.framesAccepted).isEqualTo(1);
  }

  @Test
  void settingsFlood_thirtyThreeEntries_connectionEnhanceYourCalm() {
    int[] payload = new int[33 * 6];
    for (int i = 0; i < 33; i++) {
      payload[i * 6 + 1] = 0x99; // unknown id: cheap for the attacker, still work for us
    }
    assertConnectionError(Frames.errorOf(raw(FrameType.SETTINGS, 0, 0, payload)), ENHANCE_YOUR_CALM);
  }

  @Test
  void settings_thirtyTwoEntries_accepted() throws Exception {
    int[] payload = new int[32 * 6];
    for (int i = 0; i < 32; i++) {
      payload[i * 6 + 1] = 0x99;
    }
    assertThat(Frames.readAll(raw(FrameType.SETTINGS, 0, 0, payload))).containsExactly("settings {}");
  }

  @Test
  void emptyDataFlood_failsAfterTenEmptyFrames() {
    Attack attack = new Attack(ReaderLimits.DEFAULT);
    Http2Exception e = attack.sendUntilError(10_000, i -> raw(FrameType.DATA, 0, 1));
    assertConnectionError(e, ENHANCE_YOUR_CALM);
    assertThat(attack.framesAccepted).isEqualTo(10);
    assertThat(alloc.metric().usedHeapMemory()).isZero();
  }

  @Test
  void emptyDataFrames_interruptedByNonEmptyData_countRestarts() {
    Attack attack = new Attack(ReaderLimits.DEFAULT.withMaxConsecutiveEmptyDataFrames(2));
    Http2Exception e =
        attack.sendUntilError(
            100, i -> i % 3 == 2 ? raw(FrameType.DATA, 0, 1, 0x41) : raw(FrameType.DATA, 0, 1));
    assertThat(e).isNull();
    assertThat(attack.framesAccepted).isEqualTo(100);
  }

  @Test
  void emptyDataFrames_withEndStream_notCounted() {
    Attack attack = new Attack(ReaderLimits.DEFAULT.withMaxConsecutiveEmptyDataFrames(0));
    Http2Exception e =
        attack.sendUntilError(50, i -> raw(FrameType.DATA, FrameFlags.END_STREAM, 2 * i + 1));
    assertThat(e).isNull();
  }

  @Test
  void emptyDataFrames_interruptedByHeaders_countRestarts() {
    Attack attack = new Attack(ReaderLimits.DEFAULT.withMaxConsecutiveEmptyDataFrames(1));
    Http2Exception e =
        attack.sendUntilError(
            40,
            i -> i % 2 == 0
                ? raw(FrameType.DATA, 0, 1)
                : raw(FrameType.HEADERS, FrameFlags.END_HEADERS, 1, 0x82));
    assertThat(e).isNull();
  }

  @Test
  void emptyDataFrame_overLimitByOne_connectionEnhanceYourCalm() {
    Attack attack = new Attack(ReaderLimits.DEFAULT.withMaxConsecutiveEmptyDataFrames(2));
    Http2Exception e = attack.sendUntilError(3, i -> raw(FrameType.DATA, 0, 1));
    assertConnectionError(e, ENHANCE_YOUR_CALM);
    assertThat(attack.framesAccepted).isEqualTo(2);
  }

  @Test
  void oversizedFrame_refusedFromHeaderWithoutBufferingPayload() {
    FrameReader reader = FrameReader.forClient(handler, alloc, ReaderLimits.DEFAULT);
    ByteBuf header = Frames.rawWithLength(0xff_ffff, FrameType.DATA, 0, 1);
    Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> reader.read(header));
    header.release();
    assertConnectionError(e, Http2ErrorCode.FRAME_SIZE_ERROR);
    assertThat(alloc.metric().usedHeapMemory()).isZero();
  }
}
