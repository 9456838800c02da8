package dev.sluice.bench.compare;

import dev.sluice.h2.netty.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The server role of {@link NettyEchoFloor}: a TCP echo ({@link FloorEchoHandler}) bound as
 * Sluice's {@code NettyServerListener} binds: the same shared event loops and server channel
 * class ({@link EventLoops}), TCP_NODELAY on accepted connections, the default allocator.
 *
 * <p>Thread-safe.
 */
final class FloorEchoServer implements AutoCloseable {

  private static final FloorEchoHandler ECHO = new FloorEchoHandler();

  private final Channel listener;
  /** Accepted connections, for {@link #close} to end; closed ones leave by themselves. */
  private final ChannelGroup connections;

  private FloorEchoServer(Channel listener, ChannelGroup connections) {
    this.listener = listener;
    this.connections = connections;
  }

  /** Binds every interface on {@code port} (0: any free port) and starts echoing. */
  static FloorEchoServer start(int port) throws InterruptedException {
    InetSocketAddress bind = new InetSocketAddress(port);
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    Channel listener = new ServerBootstrap()
        .group(EventLoops.network())
        .channel(EventLoops.serverChannelType(bind))
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            connections.add(ch);
            ch.pipeline().addLast("echo", ECHO);
          }
        })
        .bind(bind)
        .sync()
        .channel();
    return new FloorEchoServer(listener, connections);
  }

  /** The port bound. */
  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** The bound address as {@code host:port}, an IPv6 host in brackets. */
  String address() {
    InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
    String host = bound.getAddress().getHostAddress();
    if (bound.getAddress() instanceof Inet6Address) {
      int zone = host.indexOf('%');
      host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
    }
    return host + ":" + bound.getPort();
  }

  /** Stops listening and closes every connection; waits for both. */
  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
    connections.close().awaitUninterruptibly();
  }
}
