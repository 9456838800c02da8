package dev.sluice.h2.netty;

import dev.sluice.Status;
import dev.sluice.h2.H2Config;
import dev.sluice.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.local.LocalAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Opens one client connection: what {@link NettyConnector} and {@link NettyTransportFactory}
 * share. See {@link NettyConnector} for the order of events.
 */
final class NettyDialer {

  private NettyDialer() {}

  /**
   * Registers a channel for {@code target}, builds its pipeline (TLS, the customizer's handlers,
   * the transport's), starts connecting and returns the transport at once.
   *
   * @throws UnsupportedOperationException for a Unix domain socket where epoll is unavailable
   * @throws IllegalStateException when the channel cannot be registered
   */
  static Transport dial(SocketAddress target, TlsConfig tls, String authority, H2Config config,
      Duration connectTimeout, Consumer<Channel> customizer,
      NettyConnector.TransportFactory transportFactory) {
    Bootstrap b = new Bootstrap()
        .group(EventLoops.groupFor(target))
        .channel(EventLoops.channelType(target))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        // Bootstrap insists on a handler; ours are added below, in a fixed order.
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {}
        });
    if (target instanceof InetSocketAddress) {
      b.option(ChannelOption.TCP_NODELAY, true);
    }
    ChannelFuture registration = b.register();
    if (registration.isDone() && !registration.isSuccess()) {
      throw new IllegalStateException("Could not register a channel for "
          + SocketAddresses.format(target), registration.cause());
    }
    // The channel's event loop is assigned and its registration queued there before anything
    // the transport posts, so the transport sees a registered channel.
    Channel ch = registration.channel();
    if (target instanceof LocalAddress) {
      // First, so that it sees every close, whichever handler asks for it.
      ch.pipeline().addLast("sluice-local-connect", new LocalConnectGuard(connectTimeout));
    }
    if (tls != null) {
      ch.pipeline().addLast("ssl", tls.newClientHandler(ch.alloc(), authority));
    }
    customizer.accept(ch);
    Transport transport =
        transportFactory.create(ch, config, tls != null ? "https" : "http", authority);
    registration.addListener(reg -> {
      if (!reg.isSuccess()) {
        failed(transport, target, reg.cause());
        return;
      }
      // Not here but in a task of its own: this listener may run inside the registration, before
      // the loop has run the tasks that add the handlers above (queued when this thread added
      // them to a registered pipeline). An in-memory channel can then turn active, and read the
      // server's first bytes, within the same task; they would pass the handlers not added yet
      // and be discarded at the pipeline's tail. A task queued now runs after those tasks.
      ch.eventLoop().execute(() -> ch.connect(target).addListener(c -> {
        if (!c.isSuccess()) {
          failed(transport, target, c.cause());
        }
      }));
    });
    return transport;
  }

  private static void failed(Transport transport, SocketAddress target, Throwable cause) {
    transport.close(Status.UNAVAILABLE
        .withDescription("Could not connect to " + SocketAddresses.format(target) + ": "
            + NettyServerListener.describe(cause))
        .withCause(cause));
  }
}
