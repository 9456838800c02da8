package dev.sluice.bench.compare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;

/**
 * {@link FloorMode#BULK}: a chunk is {@code size} raw bytes with no framing; since the echo
 * keeps order, every {@code size} bytes that come back complete the oldest chunk in flight.
 * Counting instead of decoding means the echoed bytes are never gathered or copied: each read
 * buffer is counted and released.
 *
 * <p>The chunk is built once and every send is a retained duplicate of it, so the floor pays for
 * no encoding. Event loop only, like every {@link FloorExchange}.
 */
final class BulkExchange implements FloorExchange {

  private final int size;
  /** Made on the first send from the channel's allocator. */
  private ByteBuf chunk;
  /** Bytes already back of the oldest chunk not yet complete; always below {@code size}. */
  private long partial;

  BulkExchange(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1: " + size);
    }
    this.size = size;
  }

  @Override
  public void addDecoders(ChannelPipeline pipeline) {
    // Raw bytes reach the handler as read.
  }

  @Override
  public ByteBuf next(ByteBufAllocator alloc) {
    if (chunk == null) {
      chunk = alloc.directBuffer(size);
      chunk.writeZero(size);
    }
    return chunk.retainedDuplicate();
  }

  @Override
  public int completedBy(Object msg) {
    ByteBuf bytes = (ByteBuf) msg;
    try {
      partial += bytes.readableBytes();
    } finally {
      bytes.release();
    }
    int completed = (int) (partial / size);
    partial %= size;
    return completed;
  }

  @Override
  public void release() {
    if (chunk != null) {
      chunk.release();
      chunk = null;
    }
  }
}
