package dev.sluice.h2.channel;

import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.NamedBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Backends on real sockets for channel tests, and what the tests need to know of them. */
final class Backends implements AutoCloseable {

  /** A running backend and the address it is bound to. */
  record Started(NamedBackend backend, InetSocketAddress address) {
    /** {@code ip:port}, as ipv4 targets write it. */
    String hostPort() {
      return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
  }

  private final List<NamedBackend> all = new ArrayList<>();

  /** Starts a backend named {@code name} on {@code address} (port 0: any). */
  Started start(String name, SocketAddress address) throws IOException {
    return start(name, address, H2Config.DEFAULT);
  }

  Started start(String name, SocketAddress address, H2Config config) throws IOException {
    NettyServerListener l = NettyServerListener.forAddress(address).config(config).build();
    NamedBackend b = NamedBackend.start(name, l);
    all.add(b);
    SocketAddress bound = l.boundAddress();
    return new Started(b, bound instanceof InetSocketAddress inet ? inet : null);
  }

  /** Starts a backend on {@code ip}, any port. */
  Started startOn(String name, String ip) throws IOException {
    return start(name, new InetSocketAddress(InetAddress.getByName(ip), 0));
  }

  /** A port on {@code ip} that nothing listens on (it was free a moment ago). */
  static int freePort(String ip) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (NamedBackend b : all) {
      b.close();
    }
  }
}
