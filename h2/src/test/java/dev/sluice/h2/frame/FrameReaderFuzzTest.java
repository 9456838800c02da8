package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile input: frames with random types, flags, stream ids and payloads. Whatever arrives, the
 * reader either emits frames or throws {@link Http2Exception}; nothing else escapes, and no buffer
 * is leaked.
 */
class FrameReaderFuzzTest {

  @Property(tries = 1000)
  void read_randomFrames_onlyHttp2ExceptionsAndNoLeaks(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 16) int chunkSize) {
    Random r = new Random(seed);
    ByteBuf in = Unpooled.buffer();
    int frames = 1 + r.nextInt(20);
    for (int i = 0; i < frames; i++) {
      int length = r.nextInt(10) == 0 ? r.nextInt(1 << 24) : r.nextInt(40);
      int payload = Math.min(length, 40);
      in.writeMedium(length);
      in.writeByte(r.nextInt(12));
      in.writeByte(r.nextInt(256));
      in.writeInt(r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(4));
      for (int b = 0; b < payload; b++) {
        in.writeByte(r.nextInt(4) == 0 ? 0 : r.nextInt(256));
      }
    }
    UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    FrameReader reader =
        FrameReader.forClient(new RecordingHandler(), alloc, ReaderLimits.DEFAULT);
    try {
      feed(reader, in, chunkSize);
    } finally {
      in.release();
      reader.close();
    }
    assertThat(alloc.metric().usedHeapMemory()).isZero();
  }

  /** Feeds in chunks; a stream error means "send RST_STREAM and carry on", as in production. */
  private static void feed(FrameReader reader, ByteBuf in, int chunkSize) {
    while (in.isReadable()) {
      ByteBuf chunk = in.readSlice(Math.min(chunkSize, in.readableBytes()));
      while (true) {
        try {
          reader.read(chunk);
          break;
        } catch (Http2Exception e) {
          assertThat(e.code()).isNotNull();
          if (e.isConnectionError()) {
            return;
          }
          assertThat(e.streamId()).isPositive();
        }
      }
    }
  }
}
