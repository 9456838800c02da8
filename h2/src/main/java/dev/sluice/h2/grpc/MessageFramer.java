package dev.sluice.h2.grpc;

import dev.sluice.transport.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes gRPC's Length-Prefixed-Message: a compressed-flag byte, a 4-byte big-endian length, the
 * message bytes. Usable by any byte transport; the in-process transport skips it.
 */
public final class MessageFramer {

  /** Bytes of the prefix. */
  public static final int HEADER_LENGTH = 5;

  /** Messages up to this many bytes are serialized through a per-thread array. */
  private static final int SMALL = 1024;

  private static final ThreadLocal<ByteBuffer> SMALL_SCRATCH =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(SMALL));

  private MessageFramer() {}

  /** A new buffer holding {@code message}, framed. The caller owns (and releases) it. */
  public static ByteBuf frame(Message message, ByteBufAllocator alloc) {
    try {
      int known = message.knownLength();
      if (known >= 0) {
        ByteBuf framed = frameKnownLength(message, known, alloc);
        if (framed != null) {
          return framed;
        }
      }
      return frameThroughStream(message, message.length(), alloc);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serialize a message", e);
    } finally {
      message.release();
    }
  }

  /**
   * Serializes straight into the buffer's memory, no stream between (an empty message writes
   * nothing at all). Null when the marshaller wrote other than the size it gave.
   */
  private static ByteBuf frameKnownLength(Message message, int length, ByteBufAllocator alloc)
      throws IOException {
    ByteBuf buf = prefixed(message, length, alloc);
    boolean ok = false;
    try {
      if (length > 0) {
        boolean small = length <= SMALL;
        // A small message goes through this thread's array, which costs less than a view of the
        // buffer; a larger one is written in place.
        ByteBuffer target = small ? SMALL_SCRATCH.get().clear().limit(length)
            : buf.nioBuffer(HEADER_LENGTH, length);
        try {
          message.writeTo(target);
        } catch (BufferOverflowException e) {
          return null;
        }
        if (target.hasRemaining()) {
          return null;
        }
        if (small) {
          buf.writeBytes(target.array(), 0, length);
        }
      }
      buf.writerIndex(HEADER_LENGTH + length);
      ok = true;
      return buf;
    } finally {
      if (!ok) {
        buf.release();
      }
    }
  }

  private static ByteBuf frameThroughStream(Message message, int length, ByteBufAllocator alloc)
      throws IOException {
    ByteBuf buf = prefixed(message, length, alloc);
    boolean ok = false;
    try {
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
    } finally {
      if (!ok) {
        buf.release();
      }
    }
  }

  /** A buffer for a message of {@code length} bytes, holding its 5-byte prefix. */
  private static ByteBuf prefixed(Message message, int length, ByteBufAllocator alloc) {
    ByteBuf buf = alloc.buffer(HEADER_LENGTH + length);
    buf.writeByte(message.isCompressed() ? 1 : 0);
    buf.writeInt(length);
    return buf;
  }
}
