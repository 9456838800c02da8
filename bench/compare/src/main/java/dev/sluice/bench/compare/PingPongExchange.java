package dev.sluice.bench.compare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * {@link FloorMode#PINGPONG}: a message is a 4-byte big-endian length and that many payload
 * bytes; an echoed message completes one exchange once the whole of it is back, found by its
 * length prefix as any framed protocol would.
 *
 * <p>The message is built once and every send is a retained duplicate of it, so the floor pays
 * for no encoding. Event loop only, like every {@link FloorExchange}.
 */
final class PingPongExchange implements FloorExchange {

  private static final int PREFIX = 4;

  private final int size;
  /** Prefix and payload, made on the first send from the channel's allocator. */
  private ByteBuf message;

  PingPongExchange(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0: " + size);
    }
    this.size = size;
  }

  @Override
  public void addDecoders(ChannelPipeline pipeline) {
    // A frame longer than what we send can only be corruption: fail it at once rather than
    // buffer it. The prefix is stripped, so a frame holds the payload alone.
    pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(PREFIX + size, 0, PREFIX, 0,
        PREFIX));
  }

  @Override
  public ByteBuf next(ByteBufAllocator alloc) {
    if (message == null) {
      message = alloc.directBuffer(PREFIX + size);
      message.writeInt(size);
      message.writeZero(size);
    }
    return message.retainedDuplicate();
  }

  @Override
  public int completedBy(Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      if (frame.readableBytes() != size) {
        throw new IllegalStateException(
            "Echoed a " + frame.readableBytes() + "-byte message; sent " + size);
      }
      return 1;
    } finally {
      frame.release();
    }
  }

  @Override
  public void release() {
    if (message != null) {
      message.release();
      message = null;
    }
  }
}
