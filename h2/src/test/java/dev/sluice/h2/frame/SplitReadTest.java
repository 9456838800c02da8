package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader's output must not depend on how the bytes were split into reads: every split of a
 * conversation yields the same frames as one read of the whole. These are valid conversations
 * (long header blocks with CONTINUATION frames, padding, every frame type); the fuzz target in
 * {@link FrameReaderFuzzTest} checks the same for arbitrary bytes.
 */
class SplitReadTest {
  /** Lifted limits: these tests are about splitting, not about hostile peers. */
  private static final ReaderLimits GENEROUS = new ReaderLimits(1000, 1 << 20, 1000, 1000);

  /** 300 seeded conversations, each read in 1 to 50 piece sizes of 1 to 40 bytes, cycled. */
  @Test
  void read_randomConversationSplitRandomly_sameFramesAsOneRead() throws Exception {
    for (long seed = 0; seed < 300; seed++) {
      Random r = new Random(seed);
      ByteBuf conversation = randomConversation(r);
      List<Integer> chunkSizes = new ArrayList<>();
      for (int i = 1 + r.nextInt(50); i > 0; i--) {
        chunkSizes.add(1 + r.nextInt(40));
      }
      List<String> whole = readInChunks(conversation.duplicate(), List.of(Integer.MAX_VALUE));
      List<String> split = readInChunks(conversation.duplicate(), chunkSizes);
      conversation.release();
      assertThat(split).as("seed %d, pieces %s", seed, chunkSizes).isEqualTo(whole);
      assertThat(whole).isNotEmpty();
    }
  }

  @Test
  void read_everySingleSplitPoint_sameFramesAsOneRead() throws Exception {
    ByteBuf conversation = fixedConversation();
    List<String> whole = readInChunks(conversation.duplicate(), List.of(Integer.MAX_VALUE));
    assertThat(whole).hasSize(12);
    int n = conversation.readableBytes();
    for (int k = 0; k <= n; k++) {
      assertThat(readInChunks(conversation.duplicate(), List.of(k, Integer.MAX_VALUE)))
          .as("split at %d", k)
          .isEqualTo(whole);
    }
    conversation.release();
  }

  @Test
  void read_oneByteAtATime_sameFramesAsOneRead() throws Exception {
    ByteBuf conversation = fixedConversation();
    List<String> whole = readInChunks(conversation.duplicate(), List.of(Integer.MAX_VALUE));
    assertThat(readInChunks(conversation.duplicate(), List.of(1))).isEqualTo(whole);
    conversation.release();
  }

  /** Feeds {@code in} in chunks of the given sizes, cycling through them, to a server reader. */
  private static List<String> readInChunks(ByteBuf in, List<Integer> sizes) throws Exception {
    RecordingHandler handler = new RecordingHandler();
    // An instrumented allocator: whatever the reader allocates must be released by the end.
    UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    FrameReader reader = FrameReader.forServer(handler, alloc, GENEROUS);
    int i = 0;
    while (in.isReadable()) {
      int size = Math.min(sizes.get(i++ % sizes.size()), in.readableBytes());
      // A fresh copy per chunk catches any reader that keeps a reference to its input.
      ByteBuf chunk = Unpooled.copiedBuffer(in.readSlice(size));
      reader.read(chunk);
      assertThat(chunk.isReadable()).isFalse();
      chunk.release();
    }
    reader.close();
    assertThat(alloc.metric().usedHeapMemory()).as("bytes still held").isZero();
    return handler.events;
  }

  private static ByteBuf fixedConversation() {
    FrameWriter w = new FrameWriter();
    ByteBuf out = Unpooled.buffer();
    w.clientPreface(out);
    w.settings(out, new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20));
    w.headers(out, 1, ascii("request-block"), false, new PrioritySpec(0, 200, true), 4);
    // A header block split into HEADERS + 2 CONTINUATIONs by hand, to keep it short.
    out.writeBytes(Frames.raw(FrameType.HEADERS, 0, 3, 0x82, 0x86));
    out.writeBytes(Frames.raw(FrameType.CONTINUATION, 0, 3, 0x84));
    out.writeBytes(Frames.raw(FrameType.CONTINUATION, FrameFlags.END_HEADERS, 3, 0x41, 0x8a));
    w.data(out, 1, ascii("hello world"), false, 9);
    w.data(out, 1, Unpooled.EMPTY_BUFFER, true, 0);
    w.priority(out, 3, new PrioritySpec(1, 1, false));
    w.rstStream(out, 3, Http2ErrorCode.CANCEL);
    w.pushPromise(out, 1, 2, ascii("promise"), 3);
    w.ping(out, false, 42);
    w.windowUpdate(out, 0, 1000);
    w.unknownFrame(out, 0x10, 0, 0, ascii("ext"));
    w.goAway(out, 3, Http2ErrorCode.NO_ERROR, ascii("bye"));
    return out;
  }

  /** Up to 12 frames of random types, sizes, flags and padding, after a preface. */
  private static ByteBuf randomConversation(Random r) {
    FrameWriter w = new FrameWriter();
    ByteBuf out = Unpooled.buffer();
    w.clientPreface(out);
    int frames = 1 + r.nextInt(12);
    for (int i = 0; i < frames; i++) {
      int stream = 1 + 2 * r.nextInt(5);
      int padding = r.nextBoolean() ? 0 : r.nextInt(257);
      switch (r.nextInt(11)) {
        case 0 -> w.data(out, stream, randomBytes(r, r.nextInt(400)), r.nextBoolean(), padding);
        case 1 -> {
          // Occasionally larger than a frame, to force CONTINUATION frames.
          int size = r.nextInt(8) == 0 ? 16_384 + r.nextInt(20_000) : r.nextInt(300);
          PrioritySpec p = r.nextBoolean() ? null : new PrioritySpec(stream + 2, 1 + r.nextInt(256), r.nextBoolean());
          w.headers(out, stream, randomBytes(r, size), r.nextBoolean(), p, padding);
        }
        case 2 -> w.priority(out, stream, new PrioritySpec(0, 1 + r.nextInt(256), r.nextBoolean()));
        case 3 -> w.rstStream(out, stream, Http2ErrorCode.values()[r.nextInt(14)]);
        case 4 -> w.settings(out, new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, r.nextInt(1000)));
        case 5 -> w.settingsAck(out);
        case 6 -> w.pushPromise(out, stream, 2 + 2 * r.nextInt(100), randomBytes(r, r.nextInt(200)), padding);
        case 7 -> w.ping(out, r.nextBoolean(), r.nextLong());
        case 8 -> w.goAway(out, stream, Http2ErrorCode.values()[r.nextInt(14)], randomBytes(r, r.nextInt(50)));
        case 9 -> w.windowUpdate(out, r.nextInt(3) == 0 ? 0 : stream, 1 + r.nextInt(Integer.MAX_VALUE - 1));
        default -> w.unknownFrame(out, 0x0a + r.nextInt(200), stream, r.nextInt(256), randomBytes(r, r.nextInt(30)));
      }
    }
    return out;
  }

  private static ByteBuf randomBytes(Random r, int size) {
    byte[] bytes = new byte[size];
    r.nextBytes(bytes);
    return Unpooled.wrappedBuffer(bytes);
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }
}
