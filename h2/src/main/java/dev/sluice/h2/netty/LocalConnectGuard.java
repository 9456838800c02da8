package dev.sluice.h2.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds back the close of an in-memory client channel while its connect is in flight, and puts
 * the connect timeout on it, which Netty's {@code LocalChannel} does not. First handler of every
 * client pipeline to a {@link io.netty.channel.local.LocalAddress}.
 *
 * <p>Why: in Netty 4.2.18 a {@code LocalChannel} closed after its connect reached the server but
 * before the server's side of the connection registered with its event loop breaks both ends.
 * The close finds the server's side not active yet, so it only clears that side's inbound queue
 * instead of closing it; the registration that follows marks the closed client channel
 * connected again. The server's side stays open, and whatever it writes (Sluice's server writes
 * its SETTINGS at once) is queued on the closed client channel, which never reads it, and which
 * no later close releases, since the client channel is closed already and now looks connected.
 * Once the connect has succeeded both sides are connected and a close tears both down and
 * releases their queues; once it has failed there is no server side. So a close asked for
 * before then waits for the outcome. Netty 4.2.21 no longer shows the race (the server's side is
 * closed before it turns active; {@code LocalConnectGuardTest} checks that), and the guard stays
 * as a safety net and for the connect timeout below.
 *
 * <p>A connect still in flight after the timeout fails with {@link ConnectTimeoutException}: the
 * accept can stall for good (the server was shut down before it took the connection), and a
 * close must not wait for ever. A server that does accept after that long can still meet the
 * failure above. Runs on the channel's event loop, like every handler.
 */
final class LocalConnectGuard extends ChannelOutboundHandlerAdapter {

  private final Duration connectTimeout;
  private ChannelPromise connecting;

  LocalConnectGuard(Duration connectTimeout) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  @Override
  public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local,
      ChannelPromise promise) {
    connecting = promise;
    ScheduledFuture<?> timer = ctx.executor().schedule(
        () -> promise.tryFailure(new ConnectTimeoutException("connection timed out after "
            + connectTimeout.toMillis() + " ms: " + SocketAddresses.format(remote))),
        connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
    promise.addListener(f -> timer.cancel(false));
    ctx.connect(remote, local, promise);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    ChannelPromise c = connecting;
    if (c == null || c.isDone()) {
      ctx.close(promise);
      return;
    }
    // In a task of its own: a successful connect turns the channel active right after notifying
    // its listeners, so the handlers see it active before they see it close.
    c.addListener(f -> ctx.executor().execute(() -> ctx.close(promise)));
  }
}
