package dev.sluice.h2.netty;

import dev.sluice.h2.H2Config;
import dev.sluice.h2.H2Transport;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A {@link ServerListener} on a Netty server channel: TCP ({@link InetSocketAddress}), a Unix
 * domain socket ({@link io.netty.channel.unix.DomainSocketAddress}; epoll, or NIO without it) or
 * the in-memory
 * transport ({@link io.netty.channel.local.LocalAddress}).
 *
 * <p>Each accepted channel's pipeline is built, on its event loop, in this order: the {@code
 * SslHandler} when there is a {@link TlsConfig}; then whatever the pipeline customizer adds (such
 * as {@code FaultInjection}, from this module's test-jar); then the handshake deadline
 * ({@link Builder#handshakeTimeout});
 * then {@link H2Transport#server}, whose handler goes last; then the transport is handed to
 * {@code onTransport}. {@link #stats()} counts the connections.
 *
 * <pre>{@code
 * NettyServerListener listener = NettyServerListener.forAddress(new InetSocketAddress(0))
 *     .tls(serverTls).config(H2Config.DEFAULT).build();
 * listener.start(server::transportCreated);
 * listener.address();   // "0.0.0.0:41234"
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class NettyServerListener implements ServerListener {

  /** How long a new connection has for its handshake unless the builder says otherwise. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

  /** Server keepalive time (gRFC A9) unless the builder or the config says otherwise. */
  public static final Duration DEFAULT_KEEPALIVE_TIME = Duration.ofHours(2);

  /** The pipeline name of the handshake deadline's handler, while it is there. */
  static final String HANDSHAKE_HANDLER = "sluice-handshake-timeout";

  private final SocketAddress requested;
  private final TlsConfig tls;
  private final H2Config config;
  private final Consumer<Channel> customizer;
  private final BiFunction<Channel, H2Config, Transport> transportFactory;
  private final Duration handshakeTimeout;
  private final int maxConnections;
  private final EventLoopGroup ownGroup;
  private final ConnectionStats stats = new ConnectionStats();
  private final CompletableFuture<Void> termination = new CompletableFuture<>();

  private Channel serverChannel; // guarded by this
  private boolean started; // guarded by this
  private boolean shutdown; // guarded by this

  private NettyServerListener(Builder b) {
    this.requested = b.address;
    this.tls = b.tls;
    this.config = b.effectiveConfig();
    this.maxConnections = b.maxConnections;
    this.ownGroup = b.group;
    this.customizer = b.customizer;
    this.transportFactory = b.transportFactory;
    this.handshakeTimeout = b.handshakeTimeout;
  }

  /**
   * A listener that will bind {@code address} (port 0: any free port).
   *
   * @param address a TCP, Unix domain socket or in-memory ({@code LocalAddress}) address
   * @return a builder with plaintext and the defaults
   */
  public static Builder forAddress(SocketAddress address) {
    return new Builder(address);
  }

  /**
   * Binds and starts accepting. Blocks until the bind is done; do not call it on an event loop.
   *
   * @throws IOException when the address cannot be bound (in use, no permission, bad path)
   * @throws UnsupportedOperationException for a Linux abstract Unix socket where epoll is
   *     unavailable
   * @throws IllegalStateException when started twice or after shutdown
   */
  @Override
  public synchronized void start(Consumer<Transport> onTransport) throws IOException {
    Objects.requireNonNull(onTransport, "onTransport");
    if (started || shutdown) {
      throw new IllegalStateException(shutdown ? "Listener is shut down" : "Already started");
    }
    started = true;
    boolean own = ownGroup != null && !(requested instanceof LocalAddress);
    EventLoops.Kind kind = own ? EventLoops.kindOf(ownGroup) : EventLoops.kind();
    EventLoopGroup group = own ? ownGroup : EventLoops.groupFor(requested);
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(EventLoops.serverChannelType(requested, kind))
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            initChild(ch, onTransport);
          }
        });
    if (requested instanceof InetSocketAddress) {
      // gRPC messages are latency-sensitive and our writes are already coalesced per loop turn.
      b.childOption(ChannelOption.TCP_NODELAY, true);
    }
    ChannelFuture bind = b.bind(EventLoops.channelAddress(requested, kind))
        .awaitUninterruptibly();
    if (!bind.isSuccess()) {
      Throwable cause = bind.cause();
      termination.complete(null);
      throw new IOException("Could not bind " + SocketAddresses.format(requested) + ": "
          + describe(cause), cause);
    }
    serverChannel = bind.channel();
    serverChannel.closeFuture().addListener(f -> termination.complete(null));
  }

  /**
   * Runs inside the accepted channel's registration, on its loop, before the channel first reads.
   * Every handler must be added here, not from a later task or another thread: bytes the client
   * wrote meanwhile would be read past them and discarded at the pipeline's tail.
   */
  private void initChild(Channel ch, Consumer<Transport> onTransport) {
    boolean full = stats.open() >= maxConnections;
    stats.recordAccepted();
    ch.closeFuture().addListener(f -> stats.recordClosed());
    if (tls != null) {
      ch.pipeline().addLast("ssl", tls.newServerHandler(ch.alloc()));
    }
    if (full) {
      stats.recordRefused();
      ch.pipeline().addLast(HANDSHAKE_HANDLER, new HandshakeTimeout(handshakeTimeout, stats));
      ch.pipeline().addLast(new ConnectionRefusal("too many connections: this server allows "
          + maxConnections + " at a time; try again later or elsewhere"));
      return;
    }
    customizer.accept(ch);
    ch.pipeline().addLast(HANDSHAKE_HANDLER, new HandshakeTimeout(handshakeTimeout, stats));
    onTransport.accept(transportFactory.apply(ch, config));
  }

  /**
   * Counts of the connections this listener accepted (open, closed by a handshake timeout).
   *
   * @return the counts, live: they keep changing while the listener runs
   */
  public ConnectionStats stats() {
    return stats;
  }

  /**
   * The bound address ({@code 127.0.0.1:50051}, {@code unix:/path}, {@code local:name}) once
   * started, with the port the system chose for port 0; before that, the requested address.
   */
  @Override
  public synchronized String address() {
    SocketAddress bound = serverChannel != null ? serverChannel.localAddress() : null;
    return SocketAddresses.format(bound != null ? bound : requested);
  }

  /** {@return the bound address as an object, or null before {@link #start}} */
  public synchronized SocketAddress boundAddress() {
    return serverChannel == null ? null : serverChannel.localAddress();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
    if (serverChannel != null) {
      serverChannel.close();
    } else {
      termination.complete(null);
    }
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return termination;
  }

  @Override
  public String toString() {
    return "NettyServerListener{" + address() + (tls != null ? ", tls" : "") + "}";
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message != null ? message : cause.getClass().getSimpleName();
  }

  /** Options of a listener. */
  public static final class Builder {
    private final SocketAddress address;
    private TlsConfig tls;
    private H2Config config = H2Config.DEFAULT;
    private Consumer<Channel> customizer = ch -> {};
    private BiFunction<Channel, H2Config, Transport> transportFactory = H2Transport::server;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private int maxConnections = Integer.MAX_VALUE;
    private EventLoopGroup group;
    private boolean keepAliveSet;
    private boolean keepAliveTimeoutSet;
    private boolean permitSet;
    private boolean idleSet;
    private boolean ageSet;
    private boolean graceSet;
    private Duration keepAliveTime = DEFAULT_KEEPALIVE_TIME;
    private Duration keepAliveTimeout = H2Config.DEFAULT.keepAliveTimeout();
    private Duration permitKeepAliveTime = H2Config.DEFAULT.permitKeepAliveTime();
    private boolean permitKeepAliveWithoutCalls;
    private Duration maxConnectionIdle;
    private Duration maxConnectionAge;
    private Duration maxConnectionAgeGrace;

    private Builder(SocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
    }

    /**
     * Serve TLS with ALPN h2; {@code tls} must be a server config.
     *
     * @param tls a server config from {@link TlsConfig#forServer(java.io.File, java.io.File)}
     * @return this builder
     */
    public Builder tls(TlsConfig tls) {
      if (tls != null && !tls.isServer()) {
        throw new IllegalArgumentException("A listener needs a server TlsConfig");
      }
      this.tls = tls;
      return this;
    }

    /**
     * HTTP/2 settings of each connection (default {@link H2Config#DEFAULT}).
     *
     * @param config each connection's settings and limits
     * @return this builder
     */
    public Builder config(H2Config config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Runs on each accepted channel's event loop after the {@code SslHandler} (if any) is added
     * and before the HTTP/2 handler is: handlers it adds with {@code addLast} sit between the
     * two, seeing plaintext bytes.
     *
     * @param customizer what to do with each accepted channel, such as adding a logging handler
     * @return this builder
     */
    public Builder pipelineCustomizer(Consumer<Channel> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * How long a new connection has (default {@link #DEFAULT_HANDSHAKE_TIMEOUT}, 20 s) for its TLS
     * handshake, HTTP/2 preface and first SETTINGS, and then, once it starts sending its first
     * request's headers, for the rest of them. A connection that is slower is closed and counted
     * in {@link NettyServerListener#stats()}: a peer that trickles bytes (slowloris) cannot hold a
     * connection open. Idle time between whole frames is not limited.
     *
     * @param timeout the longest a connection may take for its handshake and first headers
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("The handshake timeout must be positive, got " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * The event loops that accept and serve connections, instead of the process-wide shared
     * group ({@link EventLoops#network()}: epoll when available, else NIO, twice as many threads
     * as processors). Make one with {@link EventLoops#newNetworkGroup}, or pass any epoll or NIO
     * group; the caller shuts it down after the listener terminated. In-memory addresses always
     * use the shared local group.
     *
     * @param group the event loops to run accepted connections on
     * @return this builder
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      EventLoops.kindOf(group);
      return this;
    }

    // ------------------------------------------------------------ connection management
    // Each of these overrides the matching value of config(...); see docs/production.md.

    /**
     * Server keepalive (gRFC A9): ping a client after this long without reading anything from
     * it, whether or not calls are open, and close the connection if the ping is not answered
     * within {@link #keepAliveTimeout}. Default {@link #DEFAULT_KEEPALIVE_TIME} (2 h), which
     * finds dead peers behind NATs and load balancers that drop connections silently; null
     * turns the pings off.
     *
     * @param time the idle time before a ping, or null for no pings
     * @return this builder
     */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = positiveOrNull(time, "keepAliveTime");
      this.keepAliveSet = true;
      return this;
    }

    /**
     * How long a server keepalive ping may go unanswered before the close (default 20 s).
     *
     * @param timeout the longest wait for a ping's answer
     * @return this builder
     */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = Objects.requireNonNull(positiveOrNull(timeout, "keepAliveTimeout"),
          "keepAliveTimeout");
      this.keepAliveTimeoutSet = true;
      return this;
    }

    /**
     * Keepalive enforcement (gRFC A8): client pings closer together than {@code time} are
     * strikes, and after two strikes the third ends the connection with GOAWAY
     * ENHANCE_YOUR_CALM "too_many_pings" (default 5 min). Unless {@code withoutCalls}, a client
     * without open calls must leave two hours between pings (default false). Sending data resets
     * the count.
     *
     * @param time the shortest interval allowed between client pings
     * @param withoutCalls whether pings while no call is open are accepted at that interval
     * @return this builder
     */
    public Builder permitKeepAlive(Duration time, boolean withoutCalls) {
      this.permitKeepAliveTime = Objects.requireNonNull(time, "time");
      this.permitKeepAliveWithoutCalls = withoutCalls;
      this.permitSet = true;
      return this;
    }

    /**
     * Close a connection (two-step GOAWAY, debug {@code max_idle}) once it has had no open call
     * for this long, so idle clients give back their sockets (default null: never). At least
     * 1 s.
     *
     * @param idle how long a connection may go without calls, or null for no limit
     * @return this builder
     */
    public Builder maxConnectionIdle(Duration idle) {
      this.maxConnectionIdle = atLeastOneSecond(idle, "maxConnectionIdle");
      this.idleSet = true;
      return this;
    }

    /**
     * Close each connection gracefully (two-step GOAWAY, debug {@code max_age}) once it is this
     * old, ±10 % drawn per connection, so clients reconnect and new servers behind a load
     * balancer get their share (default null: never). At least 1 s. Calls in flight may finish
     * during {@link #maxConnectionAgeGrace}.
     *
     * @param age the age at which a connection is closed, or null for no limit
     * @return this builder
     */
    public Builder maxConnectionAge(Duration age) {
      this.maxConnectionAge = atLeastOneSecond(age, "maxConnectionAge");
      this.ageSet = true;
      return this;
    }

    /**
     * How long calls may go on after a max-age close's final GOAWAY before the connection is
     * closed regardless and they fail UNAVAILABLE (default null: as long as they take).
     *
     * @param grace how long calls may go on after the close began, or null for no limit
     * @return this builder
     */
    public Builder maxConnectionAgeGrace(Duration grace) {
      if (grace != null && grace.isNegative()) {
        throw new IllegalArgumentException("maxConnectionAgeGrace must not be negative: " + grace);
      }
      this.maxConnectionAgeGrace = grace;
      this.graceSet = true;
      return this;
    }

    /**
     * The most connections open at once (default unlimited). A connection past the limit gets
     * the server preface and a GOAWAY with ENHANCE_YOUR_CALM and the debug text "too many
     * connections: ...", then is closed; its calls fail UNAVAILABLE as unprocessed, safe to send
     * elsewhere. Counted in {@link ConnectionStats#refused()}.
     *
     * @param max the limit; positive
     * @return this builder
     */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, got " + max);
      }
      this.maxConnections = max;
      return this;
    }

    private static Duration positiveOrNull(Duration d, String name) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new IllegalArgumentException(name + " must be positive (or null: off): " + d);
      }
      return d;
    }

    private static Duration atLeastOneSecond(Duration d, String name) {
      positiveOrNull(d, name);
      return d == null || d.compareTo(Duration.ofSeconds(1)) >= 0 ? d : Duration.ofSeconds(1);
    }

    /** The config with the connection-management options applied over it. */
    H2Config effectiveConfig() {
      H2Config.Builder b = config.copy();
      Duration time = keepAliveSet ? keepAliveTime
          : config.keepAliveTime() != null ? config.keepAliveTime() : DEFAULT_KEEPALIVE_TIME;
      b.keepAlive(time, keepAliveTimeoutSet ? keepAliveTimeout : config.keepAliveTimeout());
      if (permitSet) {
        b.permitKeepAliveTime(permitKeepAliveTime)
            .permitKeepAliveWithoutCalls(permitKeepAliveWithoutCalls);
      }
      b.connectionLimits(idleSet ? maxConnectionIdle : config.maxConnectionIdle(),
          ageSet ? maxConnectionAge : config.maxConnectionAge(),
          graceSet ? maxConnectionAgeGrace : config.maxConnectionAgeGrace());
      return b.build();
    }

    /** Tests: make something other than an {@link H2Transport} on each channel. */
    Builder transportFactory(BiFunction<Channel, H2Config, Transport> factory) {
      this.transportFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** {@return a listener with these options, not started yet} */
    public NettyServerListener build() {
      return new NettyServerListener(this);
    }
  }
}
