package dev.sluice.bench.compare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;

/**
 * How one client mode puts an exchange on the wire and recognises its echo. The echo server
 * returns bytes in the order they came, so an exchange only has to say how many of its kind the
 * echoed bytes complete; {@link FloorClientHandler} matches them to their send times.
 *
 * <p>One instance per connection. Every method is called on that connection's event loop.
 */
interface FloorExchange {

  /** Adds whatever must turn echoed bytes into messages before the client handler sees them. */
  void addDecoders(ChannelPipeline pipeline);

  /**
   * The bytes of one more exchange. The caller writes them, and the write releases them; the
   * exchange may hand out views of one buffer it keeps (see {@link #release}).
   */
  ByteBuf next(ByteBufAllocator alloc);

  /**
   * Takes one inbound message from the pipeline, releases it, and returns how many exchanges it
   * completed (0 when it is only part of one).
   *
   * @throws IllegalStateException when the echo is not what was sent; the message is released
   *     all the same
   */
  int completedBy(Object msg);

  /** Releases whatever {@link #next} kept for reuse. Called once, when the connection closes. */
  void release();
}
