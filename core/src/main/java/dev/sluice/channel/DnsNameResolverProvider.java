package dev.sluice.channel;

import java.security.Security;
import java.time.Duration;

/**
 * The {@code dns} scheme: {@code dns:[//dns-server[:port]/]host[:port]}, and every target without
 * a known scheme ({@code localhost:50051}, {@code 10.0.0.1:443}, {@code [::1]:50051}). The host is
 * a name or an IP literal; without a port the channel's default port is used (443 with TLS, 80
 * without). The default {@code :authority} is {@code host[:port]} exactly as written.
 *
 * <p>With a DNS server in the authority, lookups go to that server through the JDK's JNDI DNS
 * provider (module {@code jdk.naming.dns}); a JDK without that module refuses such a target.
 * Without one, the JDK's own resolver ({@link java.net.InetAddress}) is used.
 *
 * <p>The minimum time between two resolutions after a success is, in order: the builder's
 * setting, the {@code networkaddress.cache.ttl} security property (seconds; 0 for none, negative
 * for "resolve once"), 30 seconds.
 */
public final class DnsNameResolverProvider extends NameResolverProvider {

  /** The least time between resolutions when nothing says otherwise. */
  public static final Duration DEFAULT_MIN_TIME_BETWEEN_RESOLUTIONS = Duration.ofSeconds(30);

  private final HostLookup systemLookup;

  /** Resolves through the JDK (or the target's DNS server). */
  public DnsNameResolverProvider() {
    this(HostLookup.system());
  }

  /** Tests: resolve through {@code lookup} when the target names no DNS server. */
  DnsNameResolverProvider(HostLookup systemLookup) {
    this.systemLookup = systemLookup;
  }

  @Override
  public String scheme() {
    return "dns";
  }

  @Override
  public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
    String hostPort;
    if (target.authority() == null) {
      String p = target.path();
      hostPort = p.startsWith("/") ? p.substring(1) : p;
    } else {
      if (!target.path().startsWith("/")) {
        throw new IllegalArgumentException("a '/' must follow the DNS server: dns://"
            + target.authority() + "/host:port");
      }
      hostPort = target.path().substring(1);
    }
    if (hostPort.indexOf('/') >= 0 || hostPort.indexOf('?') >= 0 || hostPort.indexOf('#') >= 0) {
      throw new IllegalArgumentException("'" + hostPort + "' is not host[:port]");
    }
    HostAndPort hp = HostAndPort.parse(hostPort);
    HostLookup lookup = systemLookup;
    String server = target.authority();
    if (server != null && !server.isEmpty()) {
      HostAndPort dnsServer;
      try {
        dnsServer = HostAndPort.parse(server);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("DNS server '" + server + "': " + e.getMessage());
      }
      if (!JndiDnsLookup.available()) {
        throw new IllegalArgumentException("a DNS server in the target (" + server + ") needs"
            + " the JDK's JNDI DNS provider (module jdk.naming.dns), which this JDK lacks;"
            + " use dns:///" + hostPort + " for the system resolver");
      }
      lookup = new JndiDnsLookup(dnsServer.format(53));
    }
    int port = hp.port() < 0 ? args.defaultPort() : hp.port();
    return new DnsNameResolver(hostPort, hp.host(), port, lookup, args.blockingExecutor(),
        args.timeSource(), minTimeBetweenResolutions(args.minTimeBetweenResolutions()));
  }

  /**
   * The effective minimum time: {@code configured} when set, else {@code
   * networkaddress.cache.ttl}, else 30 s. Null means "never resolve again after a success".
   */
  static Duration minTimeBetweenResolutions(Duration configured) {
    if (configured != null) {
      return configured;
    }
    String ttl = Security.getProperty("networkaddress.cache.ttl");
    if (ttl != null) {
      try {
        long seconds = Long.parseLong(ttl.trim());
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
      } catch (NumberFormatException e) {
        // An unparsable value is ignored, as the JDK ignores it.
      }
    }
    return DEFAULT_MIN_TIME_BETWEEN_RESOLUTIONS;
  }
}
