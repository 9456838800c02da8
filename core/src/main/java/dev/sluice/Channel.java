package dev.sluice;

import dev.sluice.channel.ChannelSettings;
import dev.sluice.channel.ClientChannel;
import dev.sluice.channel.NameResolverProvider;
import dev.sluice.channel.TimeSource;
import dev.sluice.compression.MessageCodecs;
import dev.sluice.filter.Filter;
import dev.sluice.filter.Interceptor;
import dev.sluice.filter.InterceptorFilter;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.Connector;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;

/**
 * The client's end: makes {@link Call}s to one target, over connections it manages itself.
 *
 * <pre>{@code
 * Channel channel = Channel.builder("dns:///greeter.example.com:443")
 *     .transport(NettyTransportFactory.builder().tls(clientTls).build())
 *     .defaultLoadBalancingPolicy("round_robin")
 *     .build();
 * }</pre>
 *
 * <p>The target names the backends (see {@link #forTarget}); a name resolver turns it into
 * addresses, a load-balancing policy ({@code pick_first} by default, or {@code round_robin})
 * chooses among them, and each address gets a subchannel that connects, reconnects with
 * exponential backoff, and drains onto a new connection after a GOAWAY. A new channel is idle:
 * it resolves and connects on its first call (or {@code getState(true)}), and goes idle again
 * after {@link Builder#idleTimeout} without calls.
 *
 * <p>A call waits in the channel while there is no usable connection yet. When every address
 * failed (TRANSIENT_FAILURE) a call fails at once with UNAVAILABLE and the last connection
 * error, unless it asked to wait ({@link CallOptions#withWaitForReady()}), in which case it
 * waits until its deadline. A call that the server application never saw (the stream was
 * refused, or never left the client) is retried on a new connection without the application
 * noticing. A service config ({@link Builder#defaultServiceConfig}, or the name resolver's) sets
 * per-method timeouts, wait-for-ready, message size limits, retry and hedging policies (see
 * {@link Call#attempts()}), retry throttling and the load-balancing policy.
 *
 * <p>Each call passes through the channel's filters: the application's first, then its call
 * credentials when it has some ({@link CallCredentials}), then the deadline, message-size and
 * compression filters. Thread-safe.
 */
public final class Channel extends ChannelLifecycle implements AutoCloseable {

  private final ChannelCalls calls;
  private final Executor callbackExecutor;

  private Channel(ClientChannel core, ChannelCalls calls, Executor callbackExecutor) {
    super(core);
    this.calls = calls;
    this.callbackExecutor = callbackExecutor;
  }

  private static Channel create(ChannelBuilderState b) {
    ScheduledExecutorService scheduler = b.schedulerOrShared();
    ChannelSettings channelSettings = b.channelSettings(scheduler);
    ClientChannel core = new ClientChannel(channelSettings);
    ChannelCalls calls = new ChannelCalls(core, b.callStacks(channelSettings.secure()),
        b.telemetry, scheduler);
    return new Channel(core, calls, b.callbackExecutor);
  }

  /**
   * A channel to {@code target} with default settings: the same as {@code
   * builder(target).build()}.
   *
   * <p>Targets: {@code dns:///host:port}, {@code dns://dns-server/host:port} (asks that DNS
   * server), bare {@code host:port} or {@code host} (read as {@code dns:///...}), {@code
   * unix:/path}, {@code unix:///path}, {@code unix-abstract:name} (Linux), {@code
   * ipv4:a.b.c.d:port,...}, {@code ipv6:[addr]:port,...}, {@code inproc:name} (with
   * sluice-inproc). Without a port: 443 when the transport speaks TLS, 80 otherwise.
   *
   * @param target where the channel connects, such as {@code dns:///example.com:443}
   * @return the channel, idle until the first call
   * @throws IllegalArgumentException naming the target and what is wrong with it
   */
  public static Channel forTarget(String target) {
    return builder(target).build();
  }

  /**
   * Starts building a channel to {@code target}; see {@link #forTarget}.
   *
   * @param target where the channel connects, in the syntax {@link #forTarget} describes
   * @return a builder with the defaults
   */
  public static Builder builder(String target) {
    return new Builder(Objects.requireNonNull(target, "target"), null);
  }

  /**
   * Starts building a channel to what {@code connector} reaches: one address, whose every
   * connection {@code connector} makes.
   *
   * @param connector makes the connections
   * @return a builder with the defaults
   */
  public static Builder builder(Connector connector) {
    return new Builder(null, Objects.requireNonNull(connector, "connector"));
  }

  /**
   * A new call of {@code method}. A call whose deadline has already passed never reaches the
   * server: it ends at once with DEADLINE_EXCEEDED. After {@link #shutdown()} a call ends at once
   * with UNAVAILABLE.
   *
   * @param method the method to call
   * @param options the call's options
   * @return the call, not started
   */
  public Call newCall(MethodDescriptor<?, ?> method, CallOptions options) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(options, "options");
    return calls.newCall(method, options);
  }

  /**
   * A new call with default options.
   *
   * @param method the method to call
   * @return the call, not started
   */
  public Call newCall(MethodDescriptor<?, ?> method) {
    return newCall(method, CallOptions.DEFAULT);
  }

  /**
   * Where async calls' callbacks run ({@link Builder#callbackExecutor}); null: transport's.
   *
   * @return the executor, or null
   */
  public Executor callbackExecutor() {
    return callbackExecutor;
  }

  /**
   * The target this channel was built for (a connector's target for connector channels).
   *
   * @return the target string, or the connector's target
   */
  public String target() {
    return core.target();
  }

  /**
   * The default {@code :authority} of calls; null when the transport chooses it.
   *
   * @return the authority, or null
   */
  public String authority() {
    return core.authority();
  }

  @Override
  public String toString() {
    return "Channel{" + core.target() + ", " + core.getState(false) + "}";
  }

  /** Settings for a {@link Channel}. */
  public static final class Builder {
    private final ChannelBuilderState state;

    private Builder(String target, Connector connector) {
      this.state = new ChannelBuilderState(target, connector);
    }

    /**
     * Adds a filter; filters added first see each batch first.
     *
     * @param filter a filter whose sink each call of the channel gets
     * @return this builder
     */
    public Builder filter(Filter filter) {
      state.filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Credentials for each call without its own ({@link CallOptions#withCallCredentials}); none
     * by default. See {@link CallCredentials}.
     *
     * @param credentials the credentials, or null for none
     * @return this builder
     */
    public Builder callCredentials(CallCredentials credentials) {
      state.callCredentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Where callbacks of async calls run: response observers, on-ready handlers, futures of
     * unary calls (of the stub module). By default they run on the transport's thread, the
     * connection's event loop: the fewest hops, but a callback that blocks stalls every call of
     * that connection. With an executor they run there, still one at a time per call, in order.
     *
     * @param executor runs async callbacks, or null for the transport's thread
     * @return this builder
     */
    public Builder callbackExecutor(Executor executor) {
      state.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Adds an interceptor (a filter with a simpler API); see {@link Interceptor}.
     *
     * @param interceptor callbacks on each call's metadata, messages and status
     * @return this builder
     */
    public Builder intercept(Interceptor interceptor) {
      return filter(new InterceptorFilter(interceptor));
    }

    /**
     * Telemetry of the channel's calls and their attempts (the OpenTelemetry module's, say); by
     * default none, and then no telemetry hook runs.
     *
     * @param telemetry the hooks each call and attempt reports to
     * @return this builder
     */
    public Builder telemetry(ClientTelemetry telemetry) {
      state.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    /**
     * The message encodings this side supports (default: gzip and identity).
     *
     * @param codecs the encodings to offer and accept
     * @return this builder
     */
    public Builder codecs(MessageCodecs codecs) {
      state.codecs = Objects.requireNonNull(codecs, "codecs");
      return this;
    }

    /**
     * The default {@code :authority} of calls, also the TLS host name to verify (default: the
     * target's {@code host[:port]} as written; for a connector, the connector's).
     *
     * @param authority the authority, {@code host} or {@code host:port}
     * @return this builder
     */
    public Builder authority(String authority) {
      state.authority = authority;
      return this;
    }

    /**
     * Largest response message accepted, in bytes (default 4 MiB).
     *
     * @param bytes the largest response message, in bytes; larger ones fail RESOURCE_EXHAUSTED
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      state.maxInbound = bytes;
      return this;
    }

    /**
     * Largest request message sent, in bytes (default: no limit).
     *
     * @param bytes the largest request message, in bytes; larger ones fail RESOURCE_EXHAUSTED
     * @return this builder
     */
    public Builder maxOutboundMessageSize(int bytes) {
      state.maxOutbound = bytes;
      return this;
    }

    /**
     * The timer for deadlines, and the thread on which the channel delivers results it makes
     * itself (default: a shared daemon thread).
     *
     * @param scheduler runs deadline timers and the channel's own deliveries; the caller owns it
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      state.scheduler = scheduler;
      return this;
    }

    /**
     * The transport: makes one connection per address (such as {@code
     * NettyTransportFactory}, or {@code OkHttpTransportFactory} for OkHttp's HTTP/2). Default:
     * the transports on the class path; for each address the first that can reach it, by their
     * {@link ClientTransportFactory#priority() priority}. A target channel only.
     *
     * @param factory makes a connection per resolved address, such as {@code NettyTransportFactory}
     * @return this builder
     */
    public Builder transport(ClientTransportFactory factory) {
      state.requireTarget("transport");
      state.transportFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Adds a name resolver for its scheme, ahead of the built-in and class-path ones.
     *
     * @param provider resolves the targets of its scheme
     * @return this builder
     */
    public Builder nameResolverProvider(NameResolverProvider provider) {
      state.requireTarget("nameResolverProvider");
      state.resolverProviders.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * The port of targets that name none (default: 443 with a TLS transport, 80 without).
     *
     * @param port the port, 1 to 65535
     * @return this builder
     */
    public Builder defaultPort(int port) {
      state.defaultPort = ChannelBuilderState.checkPort(port);
      return this;
    }

    /**
     * The load-balancing policy: {@code pick_first} (the default) or {@code round_robin}, or any
     * other in the {@link dev.sluice.channel.LoadBalancerRegistry}.
     *
     * @param policyName the policy's name
     * @return this builder
     */
    public Builder defaultLoadBalancingPolicy(String policyName) {
      return defaultLoadBalancingPolicy(policyName, null);
    }

    /**
     * The load-balancing policy and its configuration, as the JSON object of a service
     * config's {@code loadBalancingConfig} entry would read (for example {@code
     * Map.of("shuffleAddressList", true)} for {@code pick_first}); checked by {@code build()}.
     *
     * @param policyName the policy's name
     * @param config the policy's configuration
     * @return this builder
     */
    public Builder defaultLoadBalancingPolicy(String policyName, Map<String, ?> config) {
      state.policy = Objects.requireNonNull(policyName, "policyName");
      state.policyConfig = config;
      return this;
    }

    /**
     * Time without calls after which the channel enters idle mode, closing its connections
     * (default 30 minutes; at least 1 second; 30 days or more disables idle mode).
     *
     * @param timeout the idle time
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      state.idleTimeout = ChannelBuilderState.atLeastOneSecond(
          Objects.requireNonNull(timeout, "timeout"));
      return this;
    }

    /**
     * The first reconnect backoff (default 1 s).
     *
     * @param backoff the first backoff
     * @return this builder
     */
    public Builder initialReconnectBackoff(Duration backoff) {
      state.backoff = state.backoff.withInitialBackoff(backoff);
      return this;
    }

    /**
     * The longest reconnect backoff, before jitter (default 120 s).
     *
     * @param backoff the longest backoff
     * @return this builder
     */
    public Builder maxReconnectBackoff(Duration backoff) {
      state.backoff = state.backoff.withMaxBackoff(backoff);
      return this;
    }

    /**
     * The growth of the backoff after each failed attempt (default 1.6).
     *
     * @param multiplier the growth, at least 1
     * @return this builder
     */
    public Builder reconnectBackoffMultiplier(double multiplier) {
      state.backoff = state.backoff.withMultiplier(multiplier);
      return this;
    }

    /**
     * The least time a connection attempt is given, whatever the backoff (default 20 s).
     *
     * @param timeout the least time per attempt
     * @return this builder
     */
    public Builder minConnectTimeout(Duration timeout) {
      state.backoff = state.backoff.withMinConnectTimeout(timeout);
      return this;
    }

    /**
     * The least time between two DNS resolutions after a successful one; a re-resolution asked
     * for sooner waits (default: the {@code networkaddress.cache.ttl} security property, else
     * 30 s).
     *
     * @param interval the least time between resolutions
     * @return this builder
     */
    public Builder minTimeBetweenResolutions(Duration interval) {
      state.minTimeBetweenResolutions = ChannelBuilderState.checkNotNegative(
          Objects.requireNonNull(interval, "interval"), "interval");
      return this;
    }

    /**
     * Where blocking name lookups run (default: a shared pool of daemon threads).
     *
     * @param executor runs blocking lookups
     * @return this builder
     */
    public Builder blockingExecutor(Executor executor) {
      state.blockingExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Tests: the clock and timer of backoff, connect timeouts, Happy Eyeballs, resolver retries
     * and idle mode (a virtual clock); call deadlines still use the scheduler.
     *
     * @param timeSource the clock and timer
     * @return this builder
     */
    public Builder timeSource(TimeSource timeSource) {
      state.timeSource = Objects.requireNonNull(timeSource, "timeSource");
      return this;
    }

    /**
     * Tests: the source of backoff jitter, uniform in [0, 1).
     *
     * @param random returns values in [0, 1)
     * @return this builder
     */
    public Builder backoffJitterSource(DoubleSupplier random) {
      state.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Turns off transparent retry: a call the server never saw (its stream was refused, or never
     * left this side) then fails with UNAVAILABLE instead of being sent again.
     *
     * @return this builder
     */
    public Builder disableTransparentRetry() {
      state.transparentRetry = false;
      return this;
    }

    /**
     * The service config used when the name resolver gives none (or lookup is disabled): the
     * JSON form of {@code grpc.service_config.ServiceConfig}, with per-method timeouts,
     * wait-for-ready, message size limits, retry policies, the load-balancing policy and retry
     * throttling (see docs/channels.md). Its load-balancing policy wins over {@link
     * #defaultLoadBalancingPolicy}. Checked by {@code build()}.
     *
     * @param json the service config, JSON
     * @return this builder
     */
    public Builder defaultServiceConfig(String json) {
      state.defaultServiceConfig = Objects.requireNonNull(json, "json");
      return this;
    }

    /**
     * Ignores service configs from the name resolver: the default one (or none) applies.
     *
     * @return this builder
     */
    public Builder disableServiceConfigLookUp() {
      state.serviceConfigLookUp = false;
      return this;
    }

    /**
     * Turns off the service config's retry and hedging policies (transparent retry stays; see
     * {@link #disableTransparentRetry}).
     *
     * @return this builder
     */
    public Builder disableRetry() {
      state.retryEnabled = false;
      return this;
    }

    /**
     * Bytes of sent messages all calls of the channel keep for retries together (default 16
     * MiB); a call whose message does not fit commits to its current attempt.
     *
     * @param bytes the channel-wide limit
     * @return this builder
     */
    public Builder retryBufferSize(long bytes) {
      state.retryBufferSize = ChannelBuilderState.checkNotNegative(bytes, "bytes");
      return this;
    }

    /**
     * Bytes of sent messages one call keeps for a retry (default 1 MiB); past it the call commits
     * to its current attempt and is not retried.
     *
     * @param bytes the per-call limit
     * @return this builder
     */
    public Builder perRpcBufferLimit(long bytes) {
      state.perRpcBufferLimit = ChannelBuilderState.checkNotNegative(bytes, "bytes");
      return this;
    }

    /**
     * @return the channel, idle until the first call
     * @throws IllegalArgumentException for a malformed target (naming it and what is wrong), an
     *     unknown policy or a bad policy configuration, an invalid default service config (a
     *     {@link dev.sluice.config.ServiceConfigException} naming the JSON path of the problem),
     *     or when no transport is on the class path
     */
    public Channel build() {
      return create(state);
    }
  }
}
