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
    ByteBuf buf = alloc.buffer(HEADER_LENGTH + length);
    boolean ok = false;
    try {
      buf.writeByte(message.isCompressed() ? 1 : 0);
      buf.writeInt(length);
      if (length > 0 && length <= SMALL) {
        // Serialize into this thread's array, then copy: cheaper than a view of the buffer.
        ByteBuffer scratch = SMALL_SCRATCH.get();
        scratch.clear().limit(length);
        try {
          message.writeTo(scratch);
        } catch (BufferOverflowException e) {
          return null;
        }
        if (scratch.hasRemaining()) {
          return null;
        }
        buf.writeBytes(scratch.array(), 0, length);
        ok = true;
        return buf;
      }
      if (length > 0) {
        ByteBuffer target = buf.nioBuffer(HEADER_LENGTH, length);
        try {
          message.writeTo(target);
        } catch (BufferOverflowException e) {
          return null;
        }
        if (target.hasRemaining()) {
          return null;
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
    ByteBuf buf = alloc.buffer(HEADER_LENGTH + length);
    boolean ok = false;
    try {
      buf.writeByte(message.isCompressed() ? 1 : 0);
      buf.writeInt(length);
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
}
