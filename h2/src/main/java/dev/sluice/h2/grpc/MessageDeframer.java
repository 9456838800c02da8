package dev.sluice.h2.grpc;

import dev.sluice.Status;
import dev.sluice.transport.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Reads gRPC's Length-Prefixed-Messages out of a stream's DATA payloads, however they are split.
 * A message's declared length is checked against the limit as soon as its prefix is read, so an
 * oversized message is refused before its bytes are buffered.
 *
 * <p>The length limit applies to the bytes as sent; a compressed message's inflated size is
 * checked where it is inflated.
 *
 * <p>Not thread-safe: used on the connection's thread. Messages handed out hold retained slices
 * of the received buffers (released with {@link Message#release()}).
 */
public final class MessageDeframer {

  /** Thrown when the bytes cannot be a valid message sequence. */
  public static final class DeframeException extends Exception {
    private final Status status;

    DeframeException(Status status) {
      super(status.description(), null, false, false);
      this.status = status;
    }

    public Status status() {
      return status;
    }
  }

  // A unary call holds one payload and one message at a time, so the first of each is a field
  // and the queues behind them are made only for a second one (a message over several payloads,
  // several messages not yet taken): no per-stream queue on the common path.
  /**
   * Received payloads not yet consumed, each with at least one readable byte: the first in
   * {@code chunk}, the rest in {@code moreChunks}; {@code chunk} is null only when all are.
   */
  private ByteBuf chunk;
  private ArrayDeque<ByteBuf> moreChunks;
  private final ByteBufAllocator alloc;
  private int readable;
  private final int maxMessageSize;
  /** Complete messages not yet taken: the first in {@code next}, the rest in {@code moreReady}. */
  private Message next;
  private ArrayDeque<Message> moreReady;
  private int pendingLength = -1;
  private boolean pendingCompressed;
  /** Wire bytes (prefix included) of the complete messages not yet taken. */
  private long completeBytes;

  public MessageDeframer(ByteBufAllocator alloc, int maxMessageSize) {
    this.alloc = alloc;
    this.maxMessageSize = maxMessageSize;
  }

  /** Takes ownership of {@code data} and parses whatever messages are now complete. */
  public void add(ByteBuf data) throws DeframeException {
    if (!data.isReadable()) {
      data.release();
      return;
    }
    if (chunk == null) {
      chunk = data;
    } else {
      if (moreChunks == null) {
        moreChunks = new ArrayDeque<>(2);
      }
      moreChunks.add(data);
    }
    readable += data.readableBytes();
    while (true) {
      if (pendingLength < 0) {
        if (readable < MessageFramer.HEADER_LENGTH) {
          break;
        }
        int flags = readByte();
        long length = (long) readByte() << 24 | readByte() << 16 | readByte() << 8 | readByte();
        if ((flags & 0xFE) != 0) {
          throw new DeframeException(Status.INTERNAL.withDescription(
              "Message prefix has reserved flag bits set (0x" + Integer.toHexString(flags) + ")"));
        }
        if (length > maxMessageSize) {
          throw new DeframeException(Status.RESOURCE_EXHAUSTED.withDescription(
              "Received a message of " + length + " bytes, over the limit of " + maxMessageSize
                  + " bytes (raise it with maxInboundMessageSize)"));
        }
        pendingLength = (int) length;
        pendingCompressed = (flags & 1) != 0;
      }
      if (readable < pendingLength) {
        break;
      }
      ByteBuf slice = take(pendingLength);
      completeBytes += MessageFramer.HEADER_LENGTH + pendingLength;
      pendingLength = -1;
      // A compressed message is inflated above the transport, where the call's encoding is known.
      Message m = Message.ofBody(new SliceBody(slice), pendingCompressed);
      if (next == null) {
        next = m;
      } else {
        if (moreReady == null) {
          moreReady = new ArrayDeque<>(2);
        }
        moreReady.add(m);
      }
    }
  }

  /** Releases the first payload, all read, and moves the next one up. */
  private void dropFirstChunk() {
    chunk.release();
    chunk = moreChunks == null ? null : moreChunks.poll();
  }

  private int readByte() {
    int b = chunk.readUnsignedByte();
    readable--;
    if (!chunk.isReadable()) {
      dropFirstChunk();
    }
    return b;
  }

  /**
   * The next {@code length} bytes, without copying: a slice of one payload when the message lies
   * in one (the usual case), else a composite of slices.
   */
  private ByteBuf take(int length) {
    readable -= length;
    if (length == 0) {
      return Unpooled.EMPTY_BUFFER;
    }
    if (chunk.readableBytes() >= length) {
      ByteBuf slice = chunk.readRetainedSlice(length);
      if (!chunk.isReadable()) {
        dropFirstChunk();
      }
      return slice;
    }
    CompositeByteBuf composite = alloc.compositeBuffer(Integer.MAX_VALUE);
    int left = length;
    while (left > 0) {
      int n = Math.min(left, chunk.readableBytes());
      composite.addComponent(true, chunk.readRetainedSlice(n));
      left -= n;
      if (!chunk.isReadable()) {
        dropFirstChunk();
      }
    }
    return composite;
  }

  /** The next complete message, or null. */
  public Message poll() {
    Message m = next;
    if (m != null) {
      next = moreReady == null ? null : moreReady.poll();
      completeBytes -= MessageFramer.HEADER_LENGTH + m.length();
    }
    return m;
  }

  /** Wire bytes, 5-byte prefixes included, of the complete messages not yet taken. */
  public long completeBytes() {
    return completeBytes;
  }

  public boolean hasMessage() {
    return next != null;
  }

  /** True when bytes of an unfinished message are buffered. */
  public boolean hasPartialMessage() {
    return pendingLength >= 0 || readable > 0;
  }

  /** Bytes held, complete messages included: for flow-control and memory accounting. */
  public int bufferedBytes() {
    int n = readable;
    if (next != null) {
      n += next.length();
      if (moreReady != null) {
        for (Message m : moreReady) {
          n += m.length();
        }
      }
    }
    return n;
  }

  /** Frees everything held. */
  public void close() {
    Message m;
    while ((m = poll()) != null) {
      m.release();
    }
    completeBytes = 0;
    while (chunk != null) {
      dropFirstChunk();
    }
    readable = 0;
  }

  private static final class SliceBody implements Message.Body {
    private final ByteBuf slice;
    private final int length;
    private boolean released;

    SliceBody(ByteBuf slice) {
      this.slice = slice;
      this.length = slice.readableBytes();
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public InputStream openStream() {
      return new ByteBufInputStream(slice, false);
    }

    @Override
    public boolean copyTo(byte[] dst) {
      slice.getBytes(slice.readerIndex(), dst, 0, length);
      return true;
    }

    @Override
    public ByteBuffer[] buffers() {
      int count = slice.nioBufferCount();
      if (count == 1) {
        return new ByteBuffer[] {slice.nioBuffer()};
      }
      return count > 1 ? slice.nioBuffers() : null;
    }

    @Override
    public void release() {
      if (!released) {
        released = true;
        slice.release();
      }
    }
  }
}
