package dev.sluice.bench.compare;

import dev.sluice.h2.netty.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The client role of {@link NettyEchoFloor}: one connection to the echo server with
 * {@code outstanding} exchanges in flight, a warm-up whose round trips are dropped, then a
 * measured window. The connection is made as Sluice's {@code NettyConnector} makes its own:
 * Sluice's shared event loops and channel class ({@link EventLoops}), TCP_NODELAY, and the
 * channel's default allocator.
 *
 * <p>Errors are counted over the whole run, warm-up and drain included: a connection lost in
 * the warm-up would otherwise leave an empty window with nothing to say why.
 */
final class FloorClient {

  /** How long the exchanges still in flight after the window may take to come back. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private FloorClient() {}

  /**
   * Runs the load against {@code address} and returns what the window saw. Blocks for about
   * {@code warmup + duration}; do not call it on an event loop.
   *
   * @throws Exception when the connection cannot be made; failures after that are counted as
   *     errors in the result instead
   */
  static FloorResult run(InetSocketAddress address, FloorMode mode, int outstanding, int size,
      Duration warmup, Duration duration) throws Exception {
    FloorStats stats = new FloorStats();
    FloorExchange exchange = mode.exchange(size);
    FloorClientHandler handler = new FloorClientHandler(exchange, outstanding, stats);
    Channel channel = new Bootstrap()
        .group(EventLoops.network())
        .channel(EventLoops.channelType(address))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            exchange.addDecoders(ch.pipeline());
            ch.pipeline().addLast("floor", handler);
          }
        })
        .connect(address)
        .sync()
        .channel();
    try {
      Thread.sleep(warmup.toMillis());
      stats.interval(); // drop the warm-up
      long start = System.nanoTime();
      Thread.sleep(duration.toMillis());
      Histogram measured = stats.interval();
      double seconds = (System.nanoTime() - start) / 1e9;
      try {
        handler.stop().get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        stats.error(e);
      }
      return new FloorResult(mode, outstanding, size, seconds, measured, stats.errors(),
          stats.firstError());
    } finally {
      channel.close().awaitUninterruptibly();
    }
  }
}
