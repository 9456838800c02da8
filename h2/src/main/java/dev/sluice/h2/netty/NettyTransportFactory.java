package dev.sluice.h2.netty;

import dev.sluice.h2.H2Config;
import dev.sluice.h2.H2Transport;
import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.LinuxAbstractSocketAddress;
import dev.sluice.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sluice's HTTP/2 for a channel: one Netty connection per address the channel's resolver found —
 * TCP ({@link InetSocketAddress}), Unix domain sockets ({@link UnixDomainSocketAddress}, or
 * Netty's {@link DomainSocketAddress}; epoll, or NIO without it), Linux abstract sockets ({@link
 * LinuxAbstractSocketAddress}) and in-memory {@link LocalAddress}es. Each connection is made as
 * {@link NettyConnector} makes one; the channel supplies the {@code :authority} (also the TLS
 * host name) and the connect timeout.
 *
 * <pre>{@code
 * Channel channel = Channel.builder("dns:///greeter.example.com")     // port 443: TLS
 *     .transport(NettyTransportFactory.builder().tls(clientTls).build())
 *     .build();
 * }</pre>
 *
 * <p>Found through {@link java.util.ServiceLoader} as well, with its defaults (plaintext,
 * {@link H2Config#DEFAULT}). Thread-safe.
 */
public final class NettyTransportFactory implements ClientTransportFactory {

  private final TlsConfig tls;
  private final H2Config config;
  private final Consumer<Channel> customizer;
  private final NettyConnector.TransportFactory transportFactory;
  private final EventLoopGroup group;
  private final String userAgent;

  /** Plaintext, default HTTP/2 settings: what a channel finds on the class path. */
  public NettyTransportFactory() {
    this(builder());
  }

  private NettyTransportFactory(Builder b) {
    this.tls = b.tls;
    this.config = b.keepAlive.applyTo(b.config);
    this.customizer = b.customizer;
    this.transportFactory = b.transportFactory;
    this.group = b.group;
    this.userAgent = b.userAgent;
  }

  /**
   * Starts building a factory: plaintext and {@link H2Config#DEFAULT} unless set.
   *
   * @return a builder with plaintext and the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Transport newTransport(SocketAddress address, ClientTransportOptions options) {
    SocketAddress target = toNetty(address);
    String authority = options.authority() != null
        ? options.authority() : SocketAddresses.authority(target);
    H2Config effective = config;
    if (options.keepAliveTime() != null && config.keepAliveTime() != null) {
      // The channel raised it after a too_many_pings; it never lowers ours.
      effective = config.withKeepAlive(max(options.keepAliveTime(), config.keepAliveTime()),
          config.keepAliveTimeout());
    }
    Duration used = effective.keepAliveTime();
    NettyConnector.TransportFactory hooked = (ch, cfg, scheme, auth) -> {
      Transport t = transportFactory.create(ch, cfg, scheme, auth);
      if (t instanceof H2Transport h && used != null) {
        h.onTooManyPings(() -> options.onTooManyPings().accept(used));
      }
      if (t instanceof H2Transport h && userAgent != null) {
        h.userAgent(userAgent);
      }
      return t;
    };
    return NettyDialer.dial(target, tls, authority, effective, options.connectTimeout(),
        customizer, hooked, group);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public boolean supportsAddress(SocketAddress address) {
    return address instanceof InetSocketAddress || address instanceof UnixDomainSocketAddress
        || address instanceof LinuxAbstractSocketAddress
        || address instanceof DomainSocketAddress || address instanceof LocalAddress;
  }

  @Override
  public boolean usesTls() {
    return tls != null;
  }

  /** The Netty form of {@code address}. */
  static SocketAddress toNetty(SocketAddress address) {
    if (address instanceof UnixDomainSocketAddress uds) {
      return new DomainSocketAddress(uds.getPath().toString());
    }
    if (address instanceof LinuxAbstractSocketAddress abs) {
      return new DomainSocketAddress("\0" + abs.name()); // the leading NUL: abstract namespace
    }
    if (address instanceof InetSocketAddress || address instanceof DomainSocketAddress
        || address instanceof LocalAddress) {
      return address;
    }
    throw new IllegalArgumentException("The HTTP/2 transport cannot reach " + address + " ("
        + address.getClass().getName() + ")");
  }

  @Override
  public String toString() {
    return "NettyTransportFactory{" + (tls != null ? "tls" : "plaintext") + "}";
  }

  /** Options of the factory. */
  public static final class Builder {
    private TlsConfig tls;
    private H2Config config = H2Config.DEFAULT;
    private Consumer<Channel> customizer = ch -> {};
    private NettyConnector.TransportFactory transportFactory = H2Transport::client;
    private final ClientKeepAlive keepAlive = new ClientKeepAlive();
    private EventLoopGroup group;
    private String userAgent;

    private Builder() {}

    /**
     * Names the application first in each request's {@code user-agent}: {@code "prefix
     * sluice-java/<version>"} (default null: Sluice's alone).
     *
     * @param prefix the application's product token, such as {@code "my-app/1.2"}, or null
     * @return this builder
     */
    public Builder userAgent(String prefix) {
      this.userAgent = prefix;
      return this;
    }

    /**
     * The event loops connections run on; see {@link NettyConnector.Builder#eventLoopGroup}.
     *
     * @param group the event loops to run connections on
     * @return this builder
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      EventLoops.kindOf(group);
      return this;
    }

    /**
     * Keepalive (gRFC A8): ping the server after {@code time} without reading anything from it,
     * so a connection that died silently (dropped by a NAT or load balancer) is found before a
     * call waits on it; no answer within {@link #keepAliveTimeout} closes it UNAVAILABLE.
     * Default null: off. Values under 10 s are raised to 10 s. Servers by default accept a ping
     * every 5 minutes while calls are open; a server that answers GOAWAY "too_many_pings" makes
     * a channel double this time for its next connections.
     *
     * @param time the idle time before a ping, or null for no pings
     * @return this builder
     */
    public Builder keepAliveTime(Duration time) {
      keepAlive.time(time);
      return this;
    }

    /**
     * How long a keepalive ping may go with nothing at all read before the connection is closed
     * and its calls fail UNAVAILABLE (default 20 s).
     *
     * @param timeout the longest wait for a ping's answer
     * @return this builder
     */
    public Builder keepAliveTimeout(Duration timeout) {
      keepAlive.timeout(timeout);
      return this;
    }

    /**
     * Keepalive pings also while no call is open (default false: a connection without calls
     * stays quiet). Servers refuse those more often than every two hours unless they permit them.
     *
     * @param enabled true to ping idle connections too
     * @return this builder
     */
    public Builder keepAliveWithoutCalls(boolean enabled) {
      keepAlive.withoutCalls(enabled);
      return this;
    }

    /**
     * Speak TLS with ALPN h2 (targets then default to port 443); a client config.
     *
     * @param tls a client config from {@link TlsConfig#forClient()}
     * @return this builder
     */
    public Builder tls(TlsConfig tls) {
      if (tls != null && tls.isServer()) {
        throw new IllegalArgumentException("A transport factory needs a client TlsConfig");
      }
      this.tls = tls;
      return this;
    }

    /**
     * HTTP/2 settings (default {@link H2Config#DEFAULT}).
     *
     * @param config each connection's settings and limits
     * @return this builder
     */
    public Builder config(H2Config config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Adds handlers to each new connection's pipeline; see {@link NettyConnector.Builder}.
     *
     * @param customizer what to do with each new channel, such as adding a proxy or logging handler
     * @return this builder
     */
    public Builder pipelineCustomizer(Consumer<Channel> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** Tests: make something other than an {@link H2Transport} on each channel. */
    Builder transportFactory(NettyConnector.TransportFactory factory) {
      this.transportFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * The factory, with these options.
     *
     * @return a factory for channels to use
     */
    public NettyTransportFactory build() {
      return new NettyTransportFactory(this);
    }
  }
}
