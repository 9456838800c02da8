package dev.sluice.h2.frame;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input for the {@link FrameReader}: whatever bytes arrive, in whatever pieces, the reader
 * emits frames or throws {@link Http2Exception}, holds the limits and leaks nothing (the checks
 * are {@link FrameReaderHarness}'s).
 *
 * <p>Fuzz input layout, as {@link FuzzedDataProvider} reads it: the last byte's low bit picks the
 * role (1: a server's reader, which expects the client preface), the byte before it the limits
 * (low bit 1: {@link FrameReaderHarness#TIGHT}, else the defaults), the one before that the number
 * of piece sizes (1 + b % 8), then one byte per piece size going backwards (1 + b % 64 bytes,
 * cycled). Everything in front of those is the wire. Seeds are in
 * {@code FrameReaderFuzzTestInputs/<method>/}; run longer with {@code bin/fuzz frame-reader}.
 */
class FrameReaderFuzzTest {

  @FuzzTest
  void read_anyBytesInAnyPieces_onlyHttp2ExceptionsLimitsHoldNoLeaks(FuzzedDataProvider data) {
    boolean server = data.consumeBoolean();
    ReaderLimits limits =
        data.consumeBoolean() ? FrameReaderHarness.TIGHT : ReaderLimits.DEFAULT;
    int[] splits = new int[data.consumeInt(1, 8)];
    for (int i = 0; i < splits.length; i++) {
      splits[i] = data.consumeInt(1, 64);
    }
    FrameReaderHarness.check(data.consumeRemainingAsBytes(), server, limits, splits);
  }

  /**
   * The same checks on 1,000 seeded conversations of frames with random types, flags, stream ids
   * and lengths (some far past the frame size limit), so every build covers more than the seeds.
   */
  @Test
  void read_randomFramesInRandomPieces_onlyHttp2ExceptionsLimitsHoldNoLeaks() {
    for (long seed = 0; seed < 1000; seed++) {
      Random r = new Random(seed);
      byte[] wire = randomFrames(r);
      int[] splits = {1 + r.nextInt(16)};
      try {
        FrameReaderHarness.check(wire, false, ReaderLimits.DEFAULT, splits);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  /** 1 to 20 frames: mostly short, a tenth declaring up to 16 MiB; at most 40 payload bytes. */
  private static byte[] randomFrames(Random r) {
    ByteBuf in = Unpooled.buffer();
    int frames = 1 + r.nextInt(20);
    for (int i = 0; i < frames; i++) {
      int length = r.nextInt(10) == 0 ? r.nextInt(1 << 24) : r.nextInt(40);
      in.writeMedium(length);
      in.writeByte(r.nextInt(12));
      in.writeByte(r.nextInt(256));
      in.writeInt(r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(4));
      for (int b = 0; b < Math.min(length, 40); b++) {
        in.writeByte(r.nextInt(4) == 0 ? 0 : r.nextInt(256));
      }
    }
    byte[] bytes = new byte[in.readableBytes()];
    in.readBytes(bytes);
    in.release();
    return bytes;
  }
}
