package dev.sluice.h2.netty;

import dev.sluice.h2.H2Config;
import dev.sluice.h2.H2Transport;
import dev.sluice.transport.Connector;
import dev.sluice.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Connector} that makes one Netty channel per {@link #connect()} to a TCP address, a Unix
 * domain socket (epoll, or NIO on the JDK's own Unix sockets) or an in-memory
 * {@link io.netty.channel.local.LocalAddress}.
 *
 * <p>{@code connect()} registers the channel with its event loop, then builds the pipeline in
 * this order: for an in-memory address, {@link LocalConnectGuard} (a close waits for the
 * connect's outcome, and the connect timeout applies); the client {@code SslHandler} when there
 * is a {@link TlsConfig} (SNI and hostname check from the authority, or the config's override);
 * whatever the pipeline customizer adds
 * (such as {@code FaultInjection}, from this module's test-jar); then {@link H2Transport#client},
 * whose handler goes last. Only then does it start connecting, in an event-loop task queued
 * after the ones that add those handlers, so no byte can be read before they are in place; it
 * returns the transport without waiting. If the connection cannot be made the transport is
 * closed with UNAVAILABLE "Could not connect to &lt;target&gt;: &lt;cause&gt;".
 *
 * <pre>{@code
 * Connector c = NettyConnector.forAddress(new InetSocketAddress("localhost", 50051))
 *     .tls(clientTls)                 // optional
 *     .authority("foo.test.google.fr:443")   // default: host:port of the address
 *     .build();
 * Transport t = c.connect();
 * }</pre>
 *
 * <p>Thread-safe; {@code connect()} may be called from any thread, event loops included.
 */
public final class NettyConnector implements Connector {

  /** Default time allowed for the TCP (or Unix socket) connection to be made. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);

  /** Makes the client transport on a registered channel (tests substitute their own). */
  @FunctionalInterface
  interface TransportFactory {
    Transport create(Channel channel, H2Config config, String scheme, String authority);
  }

  private final SocketAddress target;
  private final TlsConfig tls;
  private final String authority;
  private final H2Config config;
  private final Duration connectTimeout;
  private final Consumer<Channel> customizer;
  private final TransportFactory transportFactory;
  private final EventLoopGroup group;

  private NettyConnector(Builder b) {
    this.target = b.target;
    this.tls = b.tls;
    this.authority = b.authority != null ? b.authority : SocketAddresses.authority(b.target);
    this.config = b.keepAlive.applyTo(b.config);
    this.connectTimeout = b.connectTimeout;
    this.customizer = b.customizer;
    this.transportFactory = b.transportFactory;
    this.group = b.group;
  }

  /**
   * A connector to {@code target}.
   *
   * @param target a TCP, Unix domain socket or in-memory ({@code LocalAddress}) address
   * @return a builder with plaintext and the defaults
   */
  public static Builder forAddress(SocketAddress target) {
    return new Builder(target);
  }

  /**
   * Starts a connection; see the class comment for the order of events.
   *
   * @throws UnsupportedOperationException for a Linux abstract Unix socket where epoll is
   *     unavailable
   * @throws IllegalStateException when the channel cannot even be registered (event loop shut
   *     down)
   */
  @Override
  public Transport connect() {
    return NettyDialer.dial(target, tls, authority, config, connectTimeout, customizer,
        transportFactory, group);
  }

  /** {@code 127.0.0.1:50051}, {@code unix:/path} or {@code local:name}. */
  /** True when this connector speaks TLS. */
  @Override
  public boolean isSecure() {
    return tls != null;
  }

  @Override
  public String target() {
    return SocketAddresses.format(target);
  }

  /** {@return the {@code :authority} of the transports this makes} */
  public String authority() {
    return authority;
  }

  @Override
  public String toString() {
    return "NettyConnector{" + target() + (tls != null ? ", tls" : "") + "}";
  }

  /** Options of a connector. */
  public static final class Builder {
    private final SocketAddress target;
    private TlsConfig tls;
    private String authority;
    private H2Config config = H2Config.DEFAULT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Consumer<Channel> customizer = ch -> {};
    private TransportFactory transportFactory = H2Transport::client;
    private final ClientKeepAlive keepAlive = new ClientKeepAlive();
    private EventLoopGroup group;

    private Builder(SocketAddress target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * The event loops the connections run on, instead of the process-wide shared group ({@link
     * EventLoops#network()}: epoll when available, else NIO, twice as many threads as
     * processors). Make one with {@link EventLoops#newNetworkGroup}, or pass any epoll or NIO
     * group; the caller shuts it down after the connections closed. In-memory addresses always
     * use the shared local group.
     *
     * @param group the event loops to run connections on
     * @return this builder
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      EventLoops.kindOf(group); // fail now on a group that cannot carry sockets
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
     * Speak TLS with ALPN h2; {@code tls} must be a client config.
     *
     * @param tls a client config from {@link TlsConfig#forClient()}
     * @return this builder
     */
    public Builder tls(TlsConfig tls) {
      if (tls != null && tls.isServer()) {
        throw new IllegalArgumentException("A connector needs a client TlsConfig");
      }
      this.tls = tls;
      return this;
    }

    /**
     * The {@code :authority} (default: host:port of a TCP target, {@code localhost} otherwise);
     * also the TLS host for SNI and hostname verification unless the TlsConfig overrides it.
     *
     * @param authority the authority, {@code host} or {@code host:port}
     * @return this builder
     */
    public Builder authority(String authority) {
      Authority.parse(authority, 443); // fail now on a malformed one
      this.authority = authority;
      return this;
    }

    /**
     * HTTP/2 settings (default {@link H2Config#DEFAULT}).
     *
     * @param config the connection's settings and limits
     * @return this builder
     */
    public Builder config(H2Config config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * How long the connection may take to be made and started (default 20 s): TCP connect, TLS
     * handshake and the server's HTTP/2 preface; past it the transport closes UNAVAILABLE.
     *
     * @param timeout the longest time from connect to a started HTTP/2 connection
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Runs in {@code connect()} on each new channel, after the {@code SslHandler} (if any) is
     * added and before the HTTP/2 handler is: handlers it adds with {@code addLast} sit between
     * the two. It may run on the caller's thread, before the channel is active.
     *
     * @param customizer what to do with each new channel, such as adding a proxy or logging handler
     * @return this builder
     */
    public Builder pipelineCustomizer(Consumer<Channel> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** Tests: make something other than an {@link H2Transport} on each channel. */
    Builder transportFactory(TransportFactory factory) {
      this.transportFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** {@return a connector with these options} */
    public NettyConnector build() {
      return new NettyConnector(this);
    }
  }
}
