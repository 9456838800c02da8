package dev.sluice.h2.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
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
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The shared event loop groups and the channel classes that go with each kind of address.
 *
 * <p>Network channels (TCP and Unix domain sockets) run on one process-wide group of daemon
 * threads named {@code sluice-io-N}, twice as many as the processors: epoll when its native
 * library loads, NIO otherwise (set {@code -Dio.netty.transport.noNative=true} to force NIO).
 * Unix domain sockets work on both: on NIO through the JDK's own support (Java 16 and later),
 * except Linux abstract names, which only epoll reaches. In-memory channels ({@link
 * LocalAddress}) cannot register with an epoll or NIO loop in Netty 4.2, so they get their own
 * group, {@code sluice-io-local-N}. The groups are made on first use and never shut down: their
 * threads are daemons, like grpc-java's shared resources.
 *
 * <p>Thread-safe; every method may be called from any thread.
 */
public final class EventLoops {

  /** The I/O engine of the network group. */
  public enum Kind {
    /** Linux's native epoll transport, when its library is on the class path and loads. */
    EPOLL,
    /** The JDK's NIO selector, available everywhere. */
    NIO
  }

  private EventLoops() {}

  /**
   * EPOLL when the native epoll library is usable here, else NIO.
   *
   * @return the engine {@link #network()} and {@link #newNetworkGroup} use
   */
  public static Kind kind() {
    return Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO;
  }

  /**
   * The shared group for TCP and Unix domain socket channels.
   *
   * @return the group, made on first use; never shut it down
   */
  public static EventLoopGroup network() {
    return NetworkHolder.GROUP;
  }

  /**
   * The shared group for in-memory ({@link LocalAddress}) channels.
   *
   * @return the group, made on first use; never shut it down
   */
  public static EventLoopGroup local() {
    return LocalHolder.GROUP;
  }

  /**
   * A network group of one's own (for {@code eventLoopGroup} on a listener, connector or
   * transport factory), with {@code threads} threads named {@code <name>-N}: epoll when available,
   * else NIO. The caller shuts it down once everything on it is closed.
   *
   * @param threads how many threads; 0 for Netty's default, twice the processors
   * @param name the threads' name prefix
   * @return a new group, which the caller owns
   */
  public static EventLoopGroup newNetworkGroup(String name, int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (default) or more, got " + threads);
    }
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
        kind() == Kind.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /**
   * The I/O engine of {@code group}: a group made with epoll or NIO I/O handlers.
   *
   * @param group an event loop group
   * @return the engine its I/O handlers use
   * @throws IllegalArgumentException for any other group (local, io_uring, a plain executor)
   */
  public static Kind kindOf(EventLoopGroup group) {
    if (group instanceof IoEventLoopGroup io) {
      if (io.isIoType(EpollIoHandler.class)) {
        return Kind.EPOLL;
      }
      if (io.isIoType(NioIoHandler.class)) {
        return Kind.NIO;
      }
    }
    throw new IllegalArgumentException("Only epoll and NIO event loop groups can carry network "
        + "channels; got " + group.getClass().getName());
  }

  /**
   * The group a channel to or from {@code address} must run on.
   *
   * @param address a TCP, Unix domain socket or in-memory address
   * @return the shared group for that kind of address
   */
  public static EventLoopGroup groupFor(SocketAddress address) {
    return address instanceof LocalAddress ? local() : network();
  }

  /**
   * The client channel class for {@code address}.
   *
   * @param address the address to connect to
   * @return the channel class that can connect to it with this machine's I/O engine
   * @throws UnsupportedOperationException for a Linux abstract Unix socket where epoll is
   *     unavailable,
   *     or an address type we do not know
   */
  public static Class<? extends Channel> channelType(SocketAddress address) {
    return channelType(address, kind());
  }

  static Class<? extends Channel> channelType(SocketAddress address, Kind kind) {
    if (address instanceof InetSocketAddress) {
      return kind == Kind.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
    if (address instanceof DomainSocketAddress || address instanceof UnixDomainSocketAddress) {
      if (kind == Kind.EPOLL) {
        return EpollDomainSocketChannel.class;
      }
      requireNioReachable(address);
      return NioDomainSocketChannel.class;
    }
    if (address instanceof LocalAddress) {
      return LocalChannel.class;
    }
    throw unknown(address);
  }

  /**
   * The server channel class for {@code address}.
   *
   * @param address the address to bind
   * @return the server channel class that can bind it with this machine's I/O engine
   * @throws UnsupportedOperationException as for {@link #channelType}
   */
  public static Class<? extends ServerChannel> serverChannelType(SocketAddress address) {
    return serverChannelType(address, kind());
  }

  static Class<? extends ServerChannel> serverChannelType(SocketAddress address, Kind kind) {
    if (address instanceof InetSocketAddress) {
      return kind == Kind.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
    if (address instanceof DomainSocketAddress || address instanceof UnixDomainSocketAddress) {
      if (kind == Kind.EPOLL) {
        return EpollServerDomainSocketChannel.class;
      }
      requireNioReachable(address);
      return NioServerDomainSocketChannel.class;
    }
    if (address instanceof LocalAddress) {
      return LocalServerChannel.class;
    }
    throw unknown(address);
  }

  /**
   * The address as the channel type of {@link #channelType} takes it: the JDK's {@link
   * UnixDomainSocketAddress} for NIO Unix sockets, Netty's {@link DomainSocketAddress} for
   * epoll, any other address as it is.
   *
   * @param address the address as the application gave it
   * @return the address to hand to Netty
   */
  public static SocketAddress channelAddress(SocketAddress address) {
    return channelAddress(address, kind());
  }

  static SocketAddress channelAddress(SocketAddress address, Kind kind) {
    if (kind == Kind.NIO && address instanceof DomainSocketAddress uds) {
      requireNioReachable(address);
      return UnixDomainSocketAddress.of(uds.path());
    }
    if (kind == Kind.EPOLL && address instanceof UnixDomainSocketAddress uds) {
      return new DomainSocketAddress(uds.getPath().toString());
    }
    return address;
  }

  private static void requireNioReachable(SocketAddress address) {
    if (address instanceof DomainSocketAddress uds && uds.path().startsWith("\0")) {
      throw new UnsupportedOperationException("Linux abstract Unix sockets need Netty's native "
          + "epoll transport, which is unavailable here (" + Epoll.unavailabilityCause()
          + "); cannot use " + SocketAddresses.format(address), Epoll.unavailabilityCause());
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
