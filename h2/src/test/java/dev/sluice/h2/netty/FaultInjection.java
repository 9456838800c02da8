package dev.sluice.h2.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.PromiseCombiner;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A pipeline handler that misbehaves on purpose, for deterministic transport tests (mostly over
 * the in-memory endpoint): it splits buffers, delays them, drops the connection, and injects raw
 * bytes as if the peer had sent them.
 *
 * <p>Put it just before the HTTP/2 handler, after any {@code SslHandler} so it sees plaintext.
 * The listener and connector run their pipeline customizer at exactly that point:
 *
 * <pre>{@code
 * FaultInjection.Builder faults = FaultInjection.builder().splitInbound(1).delayInbound(2);
 * NettyConnector.forAddress(address).pipelineCustomizer(faults.installer()).build();
 * ...
 * FaultInjection.of(transport.channel()).injectInbound(Unpooled.wrappedBuffer(garbage));
 * FaultInjection.of(transport.channel()).dropNow();
 * }</pre>
 *
 * <h2>What each fault does</h2>
 *
 * <ul>
 *   <li><b>split</b> N: each inbound buffer reaches the next handler as reads of at most N bytes,
 *       each followed by {@code channelReadComplete}, as separate socket reads would; each
 *       outbound buffer is written as writes of at most N bytes, each flushed. The original
 *       write's promise completes when all of its pieces have been written. The peer may still
 *       read several pieces at once (a socket, and Netty 4.2's in-memory channel, merge what is
 *       queued), so to make a handler see small reads, split the inbound side in front of it.
 *   <li><b>delay</b>: every event of that direction (reads, read-complete and inactive inbound;
 *       writes, flushes and close outbound) is held for a number of event-loop ticks (tasks
 *       re-queued on the channel's loop) or for a fixed time. Order within a direction is kept.
 *   <li><b>drop after K bytes</b>: exactly K bytes pass in that direction (the buffer that
 *       crosses K is cut), then the channel is closed; later bytes are discarded and later
 *       writes fail with {@link ClosedChannelException}.
 *   <li>{@link #dropNow()}: closes the channel now; bytes still held by a delay are released
 *       and their writes fail, and {@code channelInactive} is passed on at once.
 *   <li>{@link #injectInbound(ByteBuf)}: the bytes enter this handler's inbound side as one read
 *       (then a read-complete), so they are split, delayed and counted like peer bytes.
 * </ul>
 *
 * <p>Pipeline events run on the channel's event loop; {@link #dropNow} and {@link #injectInbound}
 * may be called from any thread. One instance per channel: use {@link Builder#build()} or {@link
 * Builder#installer()} for each.
 */
public final class FaultInjection extends ChannelDuplexHandler {

  private final int inboundChunk;
  private final int outboundChunk;
  private final Delay inboundDelay;
  private final Delay outboundDelay;
  private final long dropAfterInbound;
  private final long dropAfterOutbound;

  private volatile ChannelHandlerContext ctx;
  // Event-loop state.
  private long inboundBytes;
  private long outboundBytes;
  private boolean dropped;
  // Buffers and writes held by a delay, released by a drop.
  private final ArrayDeque<ByteBuf> heldInbound = new ArrayDeque<>();
  private final ArrayDeque<HeldWrite> heldOutbound = new ArrayDeque<>();

  private FaultInjection(Builder b) {
    this.inboundChunk = b.inboundChunk;
    this.outboundChunk = b.outboundChunk;
    this.inboundDelay = b.inboundDelay;
    this.outboundDelay = b.outboundDelay;
    this.dropAfterInbound = b.dropAfterInbound;
    this.dropAfterOutbound = b.dropAfterOutbound;
  }

  /** A builder with no faults: everything passes unchanged until faults are added. */
  public static Builder builder() {
    return new Builder();
  }

  /** The FaultInjection in {@code channel}'s pipeline, or null if there is none. */
  public static FaultInjection of(Channel channel) {
    return channel.pipeline().get(FaultInjection.class);
  }

  /**
   * Closes the connection as if the network had dropped it. Any thread; returns the channel's
   * close future.
   */
  public ChannelFuture dropNow() {
    ChannelHandlerContext c = context();
    c.executor().execute(this::drop);
    return c.channel().closeFuture();
  }

  /**
   * Delivers {@code bytes} to the handlers after this one as if the peer had sent them. Takes
   * ownership of {@code bytes}. Any thread; always runs as a new event-loop task.
   */
  public void injectInbound(ByteBuf bytes) {
    Objects.requireNonNull(bytes, "bytes");
    ChannelHandlerContext c = context();
    c.executor().execute(() -> {
      inbound(bytes);
      later(inboundDelay, this::readComplete);
    });
  }

  private ChannelHandlerContext context() {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      throw new IllegalStateException("FaultInjection is not in a pipeline yet");
    }
    return c;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  // Inbound.

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      inbound(buf);
    } else {
      later(inboundDelay, () -> ctx.fireChannelRead(msg));
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    later(inboundDelay, this::readComplete);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // Always delivered: after any delayed reads, or at once when those were dropped.
    if (dropped) {
      ctx.fireChannelInactive();
    } else {
      later(inboundDelay, ctx::fireChannelInactive);
    }
  }

  private void inbound(ByteBuf buf) {
    if (dropped) {
      buf.release();
      return;
    }
    if (inboundChunk <= 0 || buf.readableBytes() <= inboundChunk) {
      holdInbound(buf, inboundChunk > 0);
      return;
    }
    while (buf.isReadable()) {
      holdInbound(buf.readRetainedSlice(Math.min(inboundChunk, buf.readableBytes())), true);
    }
    buf.release();
  }

  private void holdInbound(ByteBuf buf, boolean ownRead) {
    if (inboundDelay == Delay.NONE) {
      deliverInbound(buf, ownRead);
      return;
    }
    heldInbound.add(buf);
    later(inboundDelay, () -> {
      if (removeSame(heldInbound, buf)) { // else a drop has released it
        deliverInbound(buf, ownRead);
      }
    });
  }

  private void deliverInbound(ByteBuf buf, boolean ownRead) {
    if (dropped) {
      buf.release();
      return;
    }
    ByteBuf pass = buf;
    boolean dropAfter = false;
    if (dropAfterInbound >= 0) {
      long room = dropAfterInbound - inboundBytes;
      if (buf.readableBytes() >= room) {
        pass = buf.readRetainedSlice((int) room);
        buf.release();
        dropAfter = true;
      }
    }
    inboundBytes += pass.readableBytes();
    if (pass.isReadable()) {
      ctx.fireChannelRead(pass);
      if (ownRead || dropAfter) {
        ctx.fireChannelReadComplete();
      }
    } else {
      pass.release();
    }
    if (dropAfter) {
      drop();
    }
  }

  private void readComplete() {
    if (!dropped) {
      ctx.fireChannelReadComplete();
    }
  }

  // Outbound.

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      later(outboundDelay, () -> ctx.write(msg, promise));
      return;
    }
    if (outboundChunk <= 0 || buf.readableBytes() <= outboundChunk) {
      holdOutbound(buf, promise, outboundChunk > 0);
      return;
    }
    PromiseCombiner all = new PromiseCombiner(ctx.executor());
    while (buf.isReadable()) {
      ChannelPromise p = ctx.newPromise();
      all.add((Future<Void>) p); // the Future overload; add(Promise) is deprecated
      holdOutbound(buf.readRetainedSlice(Math.min(outboundChunk, buf.readableBytes())), p, true);
    }
    buf.release();
    all.finish(promise);
  }

  private void holdOutbound(ByteBuf buf, ChannelPromise promise, boolean flushEach) {
    if (outboundDelay == Delay.NONE) {
      writeOut(buf, promise, flushEach);
      return;
    }
    HeldWrite held = new HeldWrite(buf, promise);
    heldOutbound.add(held);
    later(outboundDelay, () -> {
      if (removeSame(heldOutbound, held)) { // else a drop has failed it
        writeOut(buf, promise, flushEach);
      }
    });
  }

  private void writeOut(ByteBuf buf, ChannelPromise promise, boolean flushEach) {
    if (dropped) {
      buf.release();
      promise.tryFailure(new ClosedChannelException());
      return;
    }
    ByteBuf pass = buf;
    boolean dropAfter = false;
    if (dropAfterOutbound >= 0) {
      long room = dropAfterOutbound - outboundBytes;
      if (buf.readableBytes() >= room) {
        pass = buf.readRetainedSlice((int) room);
        buf.release();
        dropAfter = true;
      }
    }
    outboundBytes += pass.readableBytes();
    if (dropAfter) {
      // The cut write never completes normally: its tail was lost with the connection.
      ctx.writeAndFlush(pass);
      promise.tryFailure(new ClosedChannelException());
      drop();
      return;
    }
    ctx.write(pass, promise);
    if (flushEach) {
      ctx.flush();
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    later(outboundDelay, () -> {
      if (!dropped) {
        ctx.flush();
      }
    });
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    // After delayed writes, so a graceful close still sends what came before it.
    later(outboundDelay, () -> ctx.close(promise));
  }

  private void drop() {
    if (dropped) {
      return;
    }
    dropped = true;
    for (ByteBuf b; (b = heldInbound.poll()) != null; ) {
      b.release();
    }
    for (HeldWrite w; (w = heldOutbound.poll()) != null; ) {
      w.buf.release();
      w.promise.tryFailure(new ClosedChannelException());
    }
    ctx.close();
  }

  /** Removes {@code x} itself (ByteBuf.equals compares contents); usually it is the head. */
  private static <T> boolean removeSame(ArrayDeque<T> queue, T x) {
    for (Iterator<T> it = queue.iterator(); it.hasNext(); ) {
      if (it.next() == x) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  private record HeldWrite(ByteBuf buf, ChannelPromise promise) {}

  private void later(Delay delay, Runnable task) {
    if (delay.ticks > 0) {
      tick(delay.ticks, task);
    } else if (delay.nanos > 0) {
      ctx.executor().schedule(task, delay.nanos, TimeUnit.NANOSECONDS);
    } else {
      task.run();
    }
  }

  private void tick(int remaining, Runnable task) {
    // Each hop is one trip through the loop's task queue; FIFO queues keep events in order.
    ctx.executor().execute(remaining == 1 ? task : () -> tick(remaining - 1, task));
  }

  private record Delay(int ticks, long nanos) {
    static final Delay NONE = new Delay(0, 0);
  }

  /** Describes the faults; reusable, each {@link #build()} makes a fresh handler. */
  public static final class Builder {
    private int inboundChunk;
    private int outboundChunk;
    private Delay inboundDelay = Delay.NONE;
    private Delay outboundDelay = Delay.NONE;
    private long dropAfterInbound = -1;
    private long dropAfterOutbound = -1;

    private Builder() {}

    /** Splits each inbound buffer into reads of at most {@code bytes}. */
    public Builder splitInbound(int bytes) {
      this.inboundChunk = positive(bytes, "bytes");
      return this;
    }

    /** Splits each outbound buffer into flushed writes of at most {@code bytes}. */
    public Builder splitOutbound(int bytes) {
      this.outboundChunk = positive(bytes, "bytes");
      return this;
    }

    /** Holds each inbound event for {@code ticks} trips through the event loop's task queue. */
    public Builder delayInbound(int ticks) {
      this.inboundDelay = new Delay(positive(ticks, "ticks"), 0);
      return this;
    }

    /** Holds each inbound event for {@code delay}. */
    public Builder delayInbound(Duration delay) {
      this.inboundDelay = new Delay(0, positive(delay));
      return this;
    }

    /** Holds each outbound event for {@code ticks} trips through the event loop's task queue. */
    public Builder delayOutbound(int ticks) {
      this.outboundDelay = new Delay(positive(ticks, "ticks"), 0);
      return this;
    }

    /** Holds each outbound event for {@code delay}. */
    public Builder delayOutbound(Duration delay) {
      this.outboundDelay = new Delay(0, positive(delay));
      return this;
    }

    /** Lets exactly {@code bytes} in, then drops the connection. */
    public Builder dropAfterInboundBytes(long bytes) {
      this.dropAfterInbound = nonNegative(bytes);
      return this;
    }

    /** Lets exactly {@code bytes} out, then drops the connection. */
    public Builder dropAfterOutboundBytes(long bytes) {
      this.dropAfterOutbound = nonNegative(bytes);
      return this;
    }

    /** A new handler with these faults. */
    public FaultInjection build() {
      return new FaultInjection(this);
    }

    /**
     * A pipeline customizer for {@link NettyServerListener} or {@link NettyConnector} that adds
     * a new handler with these faults to each channel.
     */
    public Consumer<Channel> installer() {
      return ch -> ch.pipeline().addLast("sluice-fault-injection", build());
    }

    private static int positive(int n, String name) {
      if (n <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + n);
      }
      return n;
    }

    private static long positive(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("delay must be positive: " + d);
      }
      return d.toNanos();
    }

    private static long nonNegative(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("bytes must not be negative: " + n);
      }
      return n;
    }
  }
}
