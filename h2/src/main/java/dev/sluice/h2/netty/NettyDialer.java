package dev.sluice.h2.netty;

import dev.sluice.Status;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.H2Transport;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ConnectivityWatcher;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
   * @throws UnsupportedOperationException for a Linux abstract Unix socket where epoll is
   *     unavailable
   * @throws IllegalStateException when the channel cannot be registered
   */
  static Transport dial(SocketAddress target, TlsConfig tls, String authority, H2Config config,
      Duration connectTimeout, Consumer<Channel> customizer,
      NettyConnector.TransportFactory transportFactory, EventLoopGroup ownGroup) {
    boolean own = ownGroup != null && !(target instanceof LocalAddress);
    EventLoops.Kind kind = own ? EventLoops.kindOf(ownGroup) : EventLoops.kind();
    SocketAddress connectTo = EventLoops.channelAddress(target, kind);
    Bootstrap b = new Bootstrap()
        .group(own ? ownGroup : EventLoops.groupFor(target))
        .channel(EventLoops.channelType(target, kind))
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
    if (transport instanceof H2Transport) { // tests' stand-ins take no connectivity watchers
      armReadyDeadline(ch, transport, target, connectTimeout);
    }
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
      ch.eventLoop().execute(() -> ch.connect(connectTo).addListener(c -> {
        if (!c.isSuccess()) {
          failed(transport, target, c.cause());
        }
      }));
    });
    return transport;
  }

  /**
   * The connect timeout covers the whole start, not only TCP: the TLS handshake and the server's
   * HTTP/2 preface must be in within it too, or the transport closes UNAVAILABLE. A server that
   * accepts and then says nothing cannot hold a connection attempt for longer.
   */
  private static void armReadyDeadline(Channel ch, Transport transport, SocketAddress target,
      Duration timeout) {
    ScheduledFuture<?> deadline = ch.eventLoop().schedule(() -> transport.close(
        Status.UNAVAILABLE.withDescription("Connection to " + SocketAddresses.format(target)
            + " did not finish its handshake (TCP, TLS, HTTP/2 preface) within "
            + timeout.toMillis() + " ms")), timeout.toNanos(), TimeUnit.NANOSECONDS);
    transport.performTransportOp(new TransportOp.WatchConnectivity(new ConnectivityWatcher() {
      @Override
      public void onStateChange(ConnectivityState state, Status reason) {
        if (state != ConnectivityState.CONNECTING && state != ConnectivityState.IDLE) {
          deadline.cancel(false);
          transport.performTransportOp(new TransportOp.StopWatch(this));
        }
      }
    }));
  }

  private static void failed(Transport transport, SocketAddress target, Throwable cause) {
    transport.close(Status.UNAVAILABLE
        .withDescription("Could not connect to " + SocketAddresses.format(target) + ": "
            + NettyServerListener.describe(cause))
        .withCause(cause));
  }
}
