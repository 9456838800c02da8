package dev.sluice.channel;

import dev.sluice.transport.LinuxAbstractSocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in schemes whose targets are the addresses themselves: {@code ipv4:}, {@code ipv6:},
 * {@code unix:} and {@code unix-abstract:}. Each makes a {@link StaticNameResolver}.
 */
final class AddressSchemes {

  private AddressSchemes() {}

  /** {@code ipv4:a.b.c.d[:port][,a.b.c.d[:port]...]}; the authority is the first entry. */
  static final class Ipv4 extends NameResolverProvider {
    @Override
    public String scheme() {
      return "ipv4";
    }

    @Override
    public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
      return addressList(target, args, false);
    }
  }

  /** {@code ipv6:[addr]:port[,...]} or {@code ipv6:addr} (brackets needed with a port). */
  static final class Ipv6 extends NameResolverProvider {
    @Override
    public String scheme() {
      return "ipv6";
    }

    @Override
    public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
      return addressList(target, args, true);
    }
  }

  /** {@code unix:path} (relative or absolute) and {@code unix:///absolute/path}. */
  static final class Unix extends NameResolverProvider {
    @Override
    public String scheme() {
      return "unix";
    }

    @Override
    public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
      if (target.authority() != null && !target.authority().isEmpty()) {
        throw new IllegalArgumentException("a unix target has no authority: write unix:/path or"
            + " unix:///path, not unix://" + target.authority() + "/...");
      }
      String path = target.path();
      if (path.isEmpty()) {
        throw new IllegalArgumentException("the socket path is empty");
      }
      if (target.authority() != null && !path.startsWith("/")) {
        throw new IllegalArgumentException("unix:// needs an absolute path (three slashes)");
      }
      UnixDomainSocketAddress address;
      try {
        address = UnixDomainSocketAddress.of(path);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("'" + path + "' is not a socket path: " + e.getMessage());
      }
      // A socket path is no host name; like the C core, call the peer localhost.
      return new StaticNameResolver("localhost", List.of(EndpointAddresses.of(address)));
    }
  }

  /** {@code unix-abstract:name}, Linux only. */
  static final class UnixAbstract extends NameResolverProvider {
    @Override
    public String scheme() {
      return "unix-abstract";
    }

    @Override
    public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      if (!os.contains("linux")) {
        throw new IllegalArgumentException("abstract Unix sockets exist only on Linux, not on "
            + System.getProperty("os.name"));
      }
      String name = target.authority() == null ? target.path()
          : "//" + target.authority() + target.path();
      LinuxAbstractSocketAddress address = new LinuxAbstractSocketAddress(name);
      return new StaticNameResolver("localhost", List.of(EndpointAddresses.of(address)));
    }
  }

  private static NameResolver addressList(TargetUri target, NameResolver.Args args, boolean v6) {
    String family = v6 ? "ipv6" : "ipv4";
    if (target.authority() != null) {
      throw new IllegalArgumentException("an " + family + " target lists addresses right after"
          + " the colon (" + family + ":" + (v6 ? "[::1]:50051" : "127.0.0.1:50051") + ")");
    }
    if (target.path().isEmpty()) {
      throw new IllegalArgumentException("no address after '" + family + ":'");
    }
    List<EndpointAddresses> endpoints = new ArrayList<>();
    String authority = null;
    for (String entry : target.path().split(",", -1)) {
      if (entry.isEmpty()) {
        throw new IllegalArgumentException("an empty entry in the address list");
      }
      HostAndPort hp;
      try {
        hp = HostAndPort.parse(entry);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("entry '" + entry + "': " + e.getMessage());
      }
      InetAddress ip = v6 ? IpLiterals.parseIpv6(hp.host()) : IpLiterals.parseIpv4(hp.host());
      if (ip == null) {
        throw new IllegalArgumentException("'" + hp.host() + "' is not an " + family
            + " address" + (v6 ? "" : " (four numbers 0-255, such as 127.0.0.1)"));
      }
      int port = hp.port() < 0 ? args.defaultPort() : hp.port();
      endpoints.add(EndpointAddresses.of(new InetSocketAddress(ip, port)));
      if (authority == null) {
        authority = entry;
      }
    }
    return new StaticNameResolver(authority, endpoints);
  }
}
