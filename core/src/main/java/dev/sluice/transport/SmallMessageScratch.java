package dev.sluice.transport;

import dev.sluice.Marshaller;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A per-thread array that small received messages are copied into to be parsed. Copying a few
 * hundred bytes costs less than the buffer views a parser would need to read the transport's
 * (often direct) memory in place, and it allocates nothing.
 */
final class SmallMessageScratch {

  /** Messages up to this many bytes are parsed from the scratch array. */
  static final int SIZE = 1024;

  private static final ThreadLocal<SmallMessageScratch> PER_THREAD =
      ThreadLocal.withInitial(SmallMessageScratch::new);

  private final ByteBuffer buffer = ByteBuffer.allocate(SIZE);
  private final ByteBuffer[] view = {buffer};
  /** Set while a parse uses the array, so a parse nested inside it takes another way. */
  private boolean busy;

  private SmallMessageScratch() {}

  /**
   * Parses {@code body} (at most {@link #SIZE} bytes) from this thread's array; null when the
   * body cannot be copied or the array is in use, and the caller must take another way.
   */
  static <T> T parse(Message.Body body, Marshaller<T> marshaller) throws IOException {
    SmallMessageScratch s = PER_THREAD.get();
    if (s.busy || !body.copyTo(s.buffer.array())) {
      return null;
    }
    s.busy = true;
    try {
      s.buffer.clear().limit(body.length());
      T parsed = marshaller.parse(s.view);
      if (parsed == null) {
        throw new IOException("The marshaller returned null for a message");
      }
      return parsed;
    } finally {
      s.view[0] = s.buffer; // a marshaller must not replace it, but never trust that
      s.busy = false;
    }
  }
}
