package dev.sluice.bench.compare;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps {@code outstanding} exchanges in flight on one connection to the echo server; each one
 * that completes records its round trip and makes room for the next. The echo keeps order, so
 * the n-th exchange to complete is the n-th written, and one ring of send times serves them all.
 *
 * <p>Writes happen only while the channel is writable. A chunk bigger than Netty's high water
 * mark leaves the channel unwritable until the socket has taken the bytes; the next chunk waits
 * for {@link #channelWritabilityChanged} instead of piling up in memory. New exchanges are
 * written during a read and flushed once when the read batch is done, as any transport that
 * coalesces its writes would.
 *
 * <p>Confined to its channel's event loop, except {@link #stop}, which posts to it. Not
 * sharable: one instance per connection.
 */
final class FloorClientHandler extends ChannelInboundHandlerAdapter {

  private final FloorExchange exchange;
  private final FloorStats stats;
  /** Send times of the exchanges in flight, oldest at {@link #oldest}; a ring of outstanding. */
  private final long[] sentAt;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private int oldest;
  private int inFlight;
  private boolean running = true;
  /** Set by {@link #fail}, whose error is counted already. */
  private boolean failed;
  /** Set when added to the pipeline, read by {@link #stop} from another thread. */
  private volatile ChannelHandlerContext context;

  FloorClientHandler(FloorExchange exchange, int outstanding, FloorStats stats) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.stats = Objects.requireNonNull(stats, "stats");
    if (outstanding < 1) {
      throw new IllegalArgumentException("outstanding must be >= 1: " + outstanding);
    }
    this.sentAt = new long[outstanding];
  }

  /**
   * Starts no new exchanges from now on; the future completes when those in flight are back, or
   * the connection has closed. Any thread, after the channel is registered.
   */
  CompletableFuture<Void> stop() {
    ChannelHandlerContext ctx = context;
    ctx.executor().execute(() -> {
      running = false;
      completeIfDrained();
    });
    return drained;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (writeWhileAllowed(ctx)) {
      ctx.flush();
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    int completed;
    try {
      completed = exchange.completedBy(msg);
    } catch (IllegalStateException e) {
      fail(ctx, e);
      return;
    }
    if (completed > inFlight) {
      fail(ctx, new IllegalStateException("The echo returned more than was sent"));
      return;
    }
    long now = System.nanoTime();
    for (int i = 0; i < completed; i++) {
      stats.roundTrip(now - sentAt[oldest]);
      oldest = (oldest + 1) % sentAt.length;
      inFlight--;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (writeWhileAllowed(ctx)) {
      ctx.flush();
    }
    completeIfDrained();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (writeWhileAllowed(ctx)) {
      ctx.flush();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    exchange.release();
    if (!drained.isDone()) {
      // Closed with exchanges still owed: the server went away, or fail() closed us.
      if (!failed) {
        stats.error(new IOException(
            "Connection closed with " + inFlight + " exchanges in flight"));
      }
      drained.complete(null);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause);
  }

  /** Writes new exchanges while there is room and the channel is writable; true if it wrote. */
  private boolean writeWhileAllowed(ChannelHandlerContext ctx) {
    boolean wrote = false;
    while (running && inFlight < sentAt.length && ctx.channel().isWritable()) {
      sentAt[(oldest + inFlight) % sentAt.length] = System.nanoTime();
      inFlight++;
      ctx.write(exchange.next(ctx.alloc()), ctx.voidPromise());
      wrote = true;
    }
    return wrote;
  }

  private void completeIfDrained() {
    if (!running && inFlight == 0) {
      drained.complete(null);
    }
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    if (!failed) {
      failed = true;
      running = false;
      stats.error(cause);
      ctx.close();
    }
  }
}
