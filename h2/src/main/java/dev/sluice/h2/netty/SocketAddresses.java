package dev.sluice.h2.netty;

import io.netty.channel.local.LocalAddress;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Short, stable text for addresses in logs, errors and {@code address()}. */
final class SocketAddresses {

  private SocketAddresses() {}

  /**
   * {@code 127.0.0.1:50051}, {@code [::1]:50051}, {@code example.com:443} (unresolved),
   * {@code unix:/path} or {@code local:name}; null for null.
   */
  static String format(SocketAddress address) {
    if (address == null) {
      return null;
    }
    if (address instanceof InetSocketAddress inet) {
      InetAddress ip = inet.getAddress();
      String host = ip == null ? inet.getHostString() : ip.getHostAddress();
      if (ip instanceof Inet6Address) {
        int zone = host.indexOf('%');
        host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
      }
      return host + ":" + inet.getPort();
    }
    if (address instanceof DomainSocketAddress uds) {
      return "unix:" + uds.path();
    }
    if (address instanceof java.net.UnixDomainSocketAddress uds) {
      return "unix:" + uds.getPath();
    }
    if (address instanceof LocalAddress local) {
      return "local:" + local.id();
    }
    return address.toString();
  }

  /**
   * {@code address} as Sluice's API shows it, whatever Netty transport carried it: a Unix socket
   * as the JDK's {@link java.net.UnixDomainSocketAddress} (epoll reports Netty's own type, NIO the
   * JDK's), a Linux abstract name as {@link dev.sluice.transport.LinuxAbstractSocketAddress}, any
   * other address as it is.
   */
  static SocketAddress forApi(SocketAddress address) {
    if (address instanceof DomainSocketAddress uds) {
      String path = uds.path();
      return path.startsWith("\0")
          ? new dev.sluice.transport.LinuxAbstractSocketAddress(path.substring(1))
          : java.net.UnixDomainSocketAddress.of(path);
    }
    return address;
  }

  /**
   * The default {@code :authority} for a connection to {@code address}: host and port for TCP,
   * {@code localhost} for Unix and in-memory sockets (as grpc-java does for Unix sockets).
   */
  static String authority(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String host = inet.getHostString();
      if (host.indexOf(':') >= 0) {
        host = "[" + host + "]";
      }
      return host + ":" + inet.getPort();
    }
    return "localhost";
  }
}
