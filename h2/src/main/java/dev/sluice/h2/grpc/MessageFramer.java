package dev.sluice.h2.grpc;

import dev.sluice.transport.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes gRPC's Length-Prefixed-Message: a compressed-flag byte, a 4-byte big-endian length, the
 * message bytes. Usable by any byte transport; the in-process transport skips it.
 */
public final class MessageFramer {

  /** Bytes of the prefix. */
  public static final int HEADER_LENGTH = 5;

  private MessageFramer() {}

  /** A new buffer holding {@code message}, framed. The caller owns (and releases) it. */
  public static ByteBuf frame(Message message, ByteBufAllocator alloc) {
    int length = message.length();
    ByteBuf buf = alloc.buffer(HEADER_LENGTH + length);
    boolean ok = false;
    try {
      buf.writeByte(message.isCompressed() ? 1 : 0);
      buf.writeInt(length);
      // Serialize straight into the pooled buffer.
      try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
        message.writeTo(out);
      }
      int written = buf.readableBytes() - HEADER_LENGTH;
      if (written != length) {
        // The marshaller's size hint was wrong: fix the prefix from what was really written.
        buf.setInt(1, written);
      }
      ok = true;
      return buf;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serialize a message", e);
    } finally {
      message.release();
      if (!ok) {
        buf.release();
      }
    }
  }


}
