package dev.sluice.h2.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The shared event loop groups and the channel classes that go with each kind of address.
 *
 * <p>Network channels (TCP and Unix domain sockets) run on one process-wide group of daemon
 * threads named {@code sluice-io-N}: epoll when its native library loads, NIO otherwise (set
 * {@code -Dio.netty.transport.noNative=true} to force NIO). In-memory channels ({@link
 * LocalAddress}) cannot register with an epoll or NIO loop in Netty 4.2, so they get their own
 * group, {@code sluice-io-local-N}. The groups are made on first use and never shut down: their
 * threads are daemons, like grpc-java's shared resources.
 *
 * <p>Thread-safe; every method may be called from any thread.
 */
public final class EventLoops {

  /** The I/O engine of the network group. */
  public enum Kind {
    EPOLL,
    NIO
  }

  private EventLoops() {}

  /** EPOLL when the native epoll library is usable here, else NIO. */
  public static Kind kind() {
    return Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO;
  }

  /** The shared group for TCP and Unix domain socket channels. */
  public static EventLoopGroup network() {
    return NetworkHolder.GROUP;
  }

  /** The shared group for in-memory ({@link LocalAddress}) channels. */
  public static EventLoopGroup local() {
    return LocalHolder.GROUP;
  }

  /** The group a channel to or from {@code address} must run on. */
  public static EventLoopGroup groupFor(SocketAddress address) {
    return address instanceof LocalAddress ? local() : network();
  }

  /**
   * The client channel class for {@code address}.
   *
   * @throws UnsupportedOperationException for a Unix domain socket where epoll is unavailable,
   *     or an address type we do not know
   */
  public static Class<? extends Channel> channelType(SocketAddress address) {
    if (address instanceof InetSocketAddress) {
      return kind() == Kind.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
    if (address instanceof DomainSocketAddress) {
      requireEpollFor(address);
      return EpollDomainSocketChannel.class;
    }
    if (address instanceof LocalAddress) {
      return LocalChannel.class;
    }
    throw unknown(address);
  }

  /**
   * The server channel class for {@code address}.
   *
   * @throws UnsupportedOperationException as for {@link #channelType}
   */
  public static Class<? extends ServerChannel> serverChannelType(SocketAddress address) {
    if (address instanceof InetSocketAddress) {
      return kind() == Kind.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
    if (address instanceof DomainSocketAddress) {
      requireEpollFor(address);
      return EpollServerDomainSocketChannel.class;
    }
    if (address instanceof LocalAddress) {
      return LocalServerChannel.class;
    }
    throw unknown(address);
  }

  private static void requireEpollFor(SocketAddress address) {
    if (!Epoll.isAvailable()) {
      // Netty's NIO transport has no Unix sockets on Java 17 through this API; say why epoll is
      // missing rather than failing later with a class mismatch.
      throw new UnsupportedOperationException(
          "Unix domain sockets need Netty's native epoll transport, which is unavailable here ("
              + Epoll.unavailabilityCause() + "); cannot use "
              + SocketAddresses.format(address),
          Epoll.unavailabilityCause());
    }
  }

  private static UnsupportedOperationException unknown(SocketAddress address) {
    return new UnsupportedOperationException(
        "Unsupported address type " + address.getClass().getName() + ": " + address);
  }

  private static EventLoopGroup newGroup(String prefix, IoHandlerFactory io) {
    // 0 threads: Netty's default, twice the processors.
    return new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory(prefix, true), io);
  }

  // Holder classes: each group is created on first use, without locks.
  private static final class NetworkHolder {
    static final EventLoopGroup GROUP = newGroup("sluice-io",
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  private static final class LocalHolder {
    static final EventLoopGroup GROUP = newGroup("sluice-io-local", LocalIoHandler.newFactory());
  }
}
