package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;

/**
 * Feeds bytes to a {@link FrameReader} as production does and checks the reader's promises on
 * every input, whatever the bytes are:
 *
 * <ul>
 *   <li>only {@link Http2Exception} escapes {@link FrameReader#read}, with a stream id for a stream
 *       error and 0 for a connection error; after a stream error the same buffer is read on, as
 *       the connection does after sending RST_STREAM; anything else (a runtime exception, an
 *       error) fails the input;
 *   <li>what reaches the handler respects the limits ({@link LimitCheckingHandler});
 *   <li>the frames and errors do not depend on how the bytes were split into reads;
 *   <li>no buffer leaks: every byte the reader allocated, and every input chunk, is released once
 *       the reader is closed, and the reader keeps no reference to a chunk it has returned from.
 * </ul>
 *
 * <p>Accounting is exact: an instrumented unpooled allocator counts the bytes of every live
 * buffer it made (a pooled allocator's figure counts whole chunks and thread caches, so it would
 * only show a leak once it outgrew them). Input chunks come from the same allocator, so slices of
 * them that the reader or handler kept count too.
 */
final class FrameReaderHarness {
  /** Small enough that the fuzzer reaches every limit with short inputs. */
  static final ReaderLimits TIGHT = new ReaderLimits(2, 64, 2, 1);

  private FrameReaderHarness() {}

  /**
   * Checks the reader on {@code wire}, read once whole and once in pieces of the {@code splits}
   * sizes, cycled.
   *
   * @param server true for a server's reader, which expects the client preface first
   */
  static void check(byte[] wire, boolean server, ReaderLimits limits, int[] splits) {
    UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    List<String> whole = read(wire, server, limits, new int[] {Integer.MAX_VALUE}, alloc);
    assertThat(alloc.metric().usedHeapMemory()).as("bytes held after a whole read").isZero();
    List<String> split = read(wire, server, limits, splits, alloc);
    assertThat(alloc.metric().usedHeapMemory()).as("bytes held after a split read").isZero();
    assertThat(split).as("frames and errors, split read vs whole").isEqualTo(whole);
  }

  /** Reads {@code wire} in pieces and returns the frames and errors, one line each. */
  private static List<String> read(
      byte[] wire, boolean server, ReaderLimits limits, int[] splits,
      UnpooledByteBufAllocator alloc) {
    LimitCheckingHandler handler =
        new LimitCheckingHandler(limits, Http2Settings.MIN_MAX_FRAME_SIZE);
    FrameReader reader = server
        ? FrameReader.forServer(handler, alloc, limits)
        : FrameReader.forClient(handler, alloc, limits);
    int offset = 0;
    int piece = 0;
    try {
      while (offset < wire.length) {
        int n = Math.min(splits[piece++ % splits.length], wire.length - offset);
        // A fresh buffer per read, as a socket delivers them.
        ByteBuf chunk = alloc.heapBuffer(n);
        chunk.writeBytes(wire, offset, n);
        offset += n;
        try {
          if (!readAll(reader, chunk, handler)) {
            break;
          }
          assertThat(chunk.isReadable()).as("bytes left unread in a chunk").isFalse();
          assertThat(chunk.refCnt()).as("references kept to a chunk after read").isEqualTo(1);
        } finally {
          chunk.release();
        }
      }
    } finally {
      reader.close();
    }
    return handler.events();
  }

  /** Reads one chunk to its end; false once a connection error has ended the reader. */
  private static boolean readAll(FrameReader reader, ByteBuf chunk, LimitCheckingHandler handler) {
    while (true) {
      try {
        reader.read(chunk);
        return true;
      } catch (Http2Exception e) {
        handler.events().add("error " + e.code() + " stream=" + e.streamId());
        if (e.isConnectionError()) {
          assertThat(e.streamId()).isZero();
          return false;
        }
        assertThat(e.streamId()).as("stream error's stream").isPositive();
      }
    }
  }
}
