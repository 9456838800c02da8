package dev.sluice.grpcjava;

import dev.sluice.Channel;
import dev.sluice.filter.MessageSizeFilter;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyTransportFactory;
import dev.sluice.h2.netty.TlsConfig;
import dev.sluice.telemetry.ClientTelemetry;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
import io.grpc.SecurityLevel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Builds a grpc-java {@link io.grpc.ManagedChannel} that runs on Sluice: the one line that changes
 * when a grpc-java application moves to Sluice.
 *
 * <pre>{@code
 * ManagedChannel channel = SluiceChannelBuilder.forAddress("localhost", 50051)  // was ManagedChannelBuilder
 *     .usePlaintext()
 *     .build();
 * GreeterGrpc.GreeterBlockingStub stub = GreeterGrpc.newBlockingStub(channel);
 * }</pre>
 *
 * <p>Targets are Sluice's (see {@link Channel#forTarget}): {@code dns:///host:port}, {@code
 * host:port}, {@code ipv4:}, {@code ipv6:}, {@code unix:} and {@code inproc:name} (Sluice's
 * in-process transport, like grpc-java's {@code InProcessChannelBuilder}). As in grpc-java, TCP
 * channels use TLS unless {@link #usePlaintext()} is called.
 *
 * <p>Options grpc-java has and Sluice does not (yet) throw {@link UnsupportedOperationException}
 * naming the option, rather than being ignored: see each method.
 */
public final class SluiceChannelBuilder extends ManagedChannelBuilder<SluiceChannelBuilder> {

  /** grpc-java's "as large as infinite": keepalive times this long or longer turn it off. */
  private static final long INFINITE_DAYS = 1000;

  private final String target;
  private final List<ClientInterceptor> interceptors = new ArrayList<>();
  private Executor executor;
  private Executor offloadExecutor;
  private String authority;
  private boolean plaintext;
  private TlsConfig tls;
  private byte[] trustRootsPem;
  private byte[] certChainPem;
  private byte[] privateKeyPem;
  private int maxInboundMessageSize = MessageSizeFilter.DEFAULT_MAX_INBOUND;
  private int maxInboundMetadataSize = -1;
  private Duration idleTimeout;
  private Duration keepAliveTime;
  private Duration keepAliveTimeout;
  private boolean keepAliveWithoutCalls;
  private String userAgent;
  private io.grpc.CallCredentials channelCallCredentials;
  private Map<String, ?> defaultServiceConfig;
  private boolean serviceConfigLookUp = true;
  private boolean retryEnabled = true;
  private int maxRetryAttempts = 5;
  private int maxHedgedAttempts = 5;
  private long retryBufferSize = -1;
  private long perRpcBufferLimit = -1;
  private String loadBalancingPolicy;
  private ClientTelemetry telemetry;

  private SluiceChannelBuilder(String target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /**
   * A builder for a channel to {@code target}, in Sluice's target syntax ({@code
   * dns:///host:port}, {@code host:port}, {@code inproc:name}, ...).
   *
   * @param target where the channel connects, as {@code Channel.Builder} parses it
   * @return a builder with grpc-java's defaults, plaintext until told otherwise
   */
  public static SluiceChannelBuilder forTarget(String target) {
    return new SluiceChannelBuilder(target);
  }

  /**
   * A builder for a channel to {@code host:port}, resolved through DNS.
   *
   * @param host a DNS name or a literal IP address
   * @param port the server's TCP port
   * @return a builder with grpc-java's defaults, plaintext until told otherwise
   */
  public static SluiceChannelBuilder forAddress(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return new SluiceChannelBuilder(h + ":" + port);
  }

  /**
   * A builder for a channel to {@code target} with grpc-java {@code credentials}: {@link
   * io.grpc.InsecureChannelCredentials} (plaintext) or {@link io.grpc.TlsChannelCredentials}
   * with PEM roots and an optional PEM key pair (trust and key managers are not supported), or
   * a {@link io.grpc.CompositeChannelCredentials} of one of those with call credentials, which
   * then apply to every call (before the call's own).
   *
   * @param target where the channel connects, as {@code Channel.Builder} parses it
   * @param credentials the transport security, and optionally call credentials, for every call
   * @return a builder secured as {@code credentials} says
   * @throws UnsupportedOperationException if {@code credentials} holds something the adapter cannot
   *     apply (say, trust managers or an encrypted key)
   */
  public static SluiceChannelBuilder forTarget(String target, ChannelCredentials credentials) {
    SluiceChannelBuilder b = new SluiceChannelBuilder(target);
    CredentialsBridge.apply(Objects.requireNonNull(credentials, "credentials"), b);
    return b;
  }

  /**
   * A builder for a channel to the Sluice in-process server named {@code name}: both ends in
   * this JVM, no bytes on a wire (as grpc-java's {@code InProcessChannelBuilder.forName}).
   *
   * @param name the name the in-process server was built with
   * @return a builder for an in-process channel
   */
  public static SluiceChannelBuilder forInProcess(String name) {
    return new SluiceChannelBuilder("inproc:" + Objects.requireNonNull(name, "name"));
  }

  @Override
  public SluiceChannelBuilder directExecutor() {
    this.executor = Runnable::run;
    return this;
  }

  @Override
  public SluiceChannelBuilder executor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /** Where blocking name lookups run (Sluice's {@code blockingExecutor}). */
  @Override
  public SluiceChannelBuilder offloadExecutor(Executor executor) {
    this.offloadExecutor = executor;
    return this;
  }

  @Override
  public SluiceChannelBuilder intercept(List<ClientInterceptor> list) {
    interceptors.addAll(list);
    return this;
  }

  @Override
  public SluiceChannelBuilder intercept(ClientInterceptor... list) {
    return intercept(Arrays.asList(list));
  }

  /**
   * Names the application first in each request's {@code user-agent}: {@code "userAgent
   * sluice-java/<version>"}, as grpc-java sends {@code "userAgent grpc-java-netty/<version>"}
   * (HTTP/2 channels; the in-process transport has no headers on a wire).
   */
  @Override
  public SluiceChannelBuilder userAgent(String userAgent) {
    this.userAgent = userAgent;
    return this;
  }

  /** The {@code :authority} of calls, also the host name TLS verifies. */
  @Override
  public SluiceChannelBuilder overrideAuthority(String authority) {
    this.authority = Objects.requireNonNull(authority, "authority");
    return this;
  }

  @Override
  public SluiceChannelBuilder usePlaintext() {
    this.plaintext = true;
    return this;
  }

  @Override
  public SluiceChannelBuilder useTransportSecurity() {
    this.plaintext = false;
    return this;
  }

  /**
   * TLS as Sluice configures it: trust roots, key pair, provider (implies transport security).
   *
   * @param tls the TLS settings the channel's connections use
   * @return this builder
   */
  public SluiceChannelBuilder tls(TlsConfig tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    this.plaintext = false;
    return this;
  }

  /**
   * Trust these PEM root certificates instead of the JDK's (implies transport security).
   *
   * @param rootsPem one or more PEM-encoded CA certificates
   * @return this builder
   */
  public SluiceChannelBuilder trustRoots(byte[] rootsPem) {
    this.trustRootsPem = rootsPem.clone();
    this.plaintext = false;
    return this;
  }

  /** From {@code CompositeChannelCredentials}: applied to every call, before the call's own. */
  void channelCallCredentials(io.grpc.CallCredentials credentials) {
    this.channelCallCredentials = credentials;
  }

  void keyPair(byte[] certChain, byte[] privateKey) {
    this.certChainPem = certChain.clone();
    this.privateKeyPem = privateKey.clone();
  }

  /** Not supported: Sluice's name resolvers are {@code dev.sluice.channel.NameResolverProvider}s. */
  @Override
  @Deprecated
  public SluiceChannelBuilder nameResolverFactory(NameResolver.Factory resolverFactory) {
    throw unsupported("nameResolverFactory",
        "register a dev.sluice.channel.NameResolverProvider on a Sluice channel instead");
  }

  @Override
  public SluiceChannelBuilder defaultLoadBalancingPolicy(String policy) {
    this.loadBalancingPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Only grpc-java's default registry (gzip and identity, which Sluice has too). */
  @Override
  public SluiceChannelBuilder decompressorRegistry(DecompressorRegistry registry) {
    if (registry != DecompressorRegistry.getDefaultInstance()) {
      throw unsupported("decompressorRegistry",
          "Sluice's encodings are set with dev.sluice.compression.MessageCodecs");
    }
    return this;
  }

  /** Only grpc-java's default registry (gzip and identity, which Sluice has too). */
  @Override
  public SluiceChannelBuilder compressorRegistry(CompressorRegistry registry) {
    if (registry != CompressorRegistry.getDefaultInstance()) {
      throw unsupported("compressorRegistry",
          "Sluice's encodings are set with dev.sluice.compression.MessageCodecs");
    }
    return this;
  }

  @Override
  public SluiceChannelBuilder idleTimeout(long value, TimeUnit unit) {
    if (value <= 0) {
      throw new IllegalArgumentException("idle timeout must be positive: " + value);
    }
    this.idleTimeout = Duration.ofNanos(unit.toNanos(value));
    return this;
  }

  @Override
  public SluiceChannelBuilder maxInboundMessageSize(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
    this.maxInboundMessageSize = bytes;
    return this;
  }

  /** The HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE the channel advertises and enforces. */
  @Override
  public SluiceChannelBuilder maxInboundMetadataSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be positive: " + bytes);
    }
    this.maxInboundMetadataSize = bytes;
    return this;
  }

  /**
   * Keepalive pings after this long without reading anything (Sluice raises values under 10 s to
   * 10 s, as grpc-java does); 1000 days or more turns them off, as in grpc-java.
   */
  @Override
  public SluiceChannelBuilder keepAliveTime(long time, TimeUnit unit) {
    if (time <= 0) {
      throw new IllegalArgumentException("keepalive time must be positive: " + time);
    }
    this.keepAliveTime =
        unit.toDays(time) >= INFINITE_DAYS ? null : Duration.ofNanos(unit.toNanos(time));
    return this;
  }

  /** How long a keepalive ping may go unanswered before the connection is closed. */
  @Override
  public SluiceChannelBuilder keepAliveTimeout(long timeout, TimeUnit unit) {
    if (timeout <= 0) {
      throw new IllegalArgumentException("keepalive timeout must be positive: " + timeout);
    }
    this.keepAliveTimeout = Duration.ofNanos(unit.toNanos(timeout));
    return this;
  }

  /** Keepalive pings also while no call is open (servers must permit them). */
  @Override
  public SluiceChannelBuilder keepAliveWithoutCalls(boolean enable) {
    this.keepAliveWithoutCalls = enable;
    return this;
  }

  /**
   * Calls follow the retry and hedging policies of the service config (the default, as in
   * grpc-java).
   */
  @Override
  public SluiceChannelBuilder enableRetry() {
    this.retryEnabled = true;
    return this;
  }

  /**
   * The service config's retry and hedging policies are ignored (Sluice's {@code
   * disableRetry}); transparent retries of calls the server never saw remain.
   */
  @Override
  public SluiceChannelBuilder disableRetry() {
    this.retryEnabled = false;
    return this;
  }

  /**
   * The most attempts a retry policy of the default service config may make (default 5, which is
   * also Sluice's own ceiling: a larger value allows no more than 5). Under 2, the default
   * config's retry policies are dropped.
   */
  @Override
  public SluiceChannelBuilder maxRetryAttempts(int maxRetryAttempts) {
    this.maxRetryAttempts = maxRetryAttempts;
    return this;
  }

  /** As {@link #maxRetryAttempts}, for hedging policies. */
  @Override
  public SluiceChannelBuilder maxHedgedAttempts(int maxHedgedAttempts) {
    this.maxHedgedAttempts = maxHedgedAttempts;
    return this;
  }

  /** Bytes of sent messages all calls keep for retries together (Sluice's default 16 MiB). */
  @Override
  public SluiceChannelBuilder retryBufferSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("retry buffer size must be positive: " + bytes);
    }
    this.retryBufferSize = bytes;
    return this;
  }

  /** Bytes of sent messages one call keeps for retries (Sluice's default 1 MiB). */
  @Override
  public SluiceChannelBuilder perRpcBufferLimit(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("per-RPC buffer limit must be positive: " + bytes);
    }
    this.perRpcBufferLimit = bytes;
    return this;
  }

  /**
   * The service config used when the name resolver gives none, as grpc-java's parsed JSON: maps
   * with string keys, lists, strings, numbers, booleans and nulls. It goes to Sluice's parser as
   * JSON when the channel is built, with each retry and hedging policy's {@code maxAttempts}
   * capped at {@link #maxRetryAttempts} / {@link #maxHedgedAttempts}; {@code build()} throws
   * IllegalArgumentException naming the JSON path of anything Sluice's parser rejects.
   */
  @Override
  public SluiceChannelBuilder defaultServiceConfig(Map<String, ?> serviceConfig) {
    this.defaultServiceConfig = serviceConfig == null ? null
        : ServiceConfigJson.checked(serviceConfig);
    return this;
  }

  /** Service configs from the name resolver are ignored; the default one applies. */
  @Override
  public SluiceChannelBuilder disableServiceConfigLookUp() {
    this.serviceConfigLookUp = false;
    return this;
  }

  /**
   * Installs Sluice's telemetry on the channel's calls: the metrics and traces of {@code
   * sluice-opentelemetry} ({@code SluiceOpenTelemetry.clientTelemetry()}), or any other
   * implementation of the core's hooks. It sees every call the grpc-java API makes on the
   * channel, each attempt of it, and puts the trace context into the request headers. It takes
   * the place of grpc-java's {@code GrpcOpenTelemetry.configureChannelBuilder}, which needs
   * grpc-java's metric sinks and fails on this builder.
   *
   * @param telemetry the hooks, or null for none (what {@code clientTelemetry()} gives when
   *     metrics and traces are both off)
   * @return this builder
   */
  public SluiceChannelBuilder telemetry(ClientTelemetry telemetry) {
    this.telemetry = telemetry;
    return this;
  }

  @Override
  public SluiceChannelBuilder setBinaryLog(io.grpc.BinaryLog binaryLog) {
    throw unsupported("setBinaryLog", "Sluice has no binary log");
  }

  @Override
  public SluiceChannelBuilder proxyDetector(io.grpc.ProxyDetector proxyDetector) {
    throw unsupported("proxyDetector", "Sluice does not connect through proxies");
  }

  @Override
  public SluiceChannelBuilder maxTraceEvents(int maxTraceEvents) {
    throw unsupported("maxTraceEvents", "Sluice has no channelz trace");
  }

  static UnsupportedOperationException unsupported(String option, String why) {
    return new UnsupportedOperationException(
        option + " is not supported by Sluice's grpc-java adapter yet: " + why);
  }

  @Override
  public SluiceManagedChannel build() {
    Channel.Builder b = Channel.builder(target).maxInboundMessageSize(maxInboundMessageSize);
    if (authority != null) {
      b.authority(authority);
    }
    if (idleTimeout != null) {
      b.idleTimeout(idleTimeout);
    }
    if (offloadExecutor != null) {
      b.blockingExecutor(offloadExecutor);
    }
    if (loadBalancingPolicy != null) {
      b.defaultLoadBalancingPolicy(loadBalancingPolicy);
    }
    if (defaultServiceConfig != null) {
      b.defaultServiceConfig(
          ServiceConfigJson.write(defaultServiceConfig, maxRetryAttempts, maxHedgedAttempts));
    }
    if (!serviceConfigLookUp) {
      b.disableServiceConfigLookUp();
    }
    if (!retryEnabled) {
      b.disableRetry();
    }
    if (retryBufferSize > 0) {
      b.retryBufferSize(retryBufferSize);
    }
    if (perRpcBufferLimit > 0) {
      b.perRpcBufferLimit(perRpcBufferLimit);
    }
    if (telemetry != null) {
      b.telemetry(telemetry);
    }
    boolean secure = true; // in process counts as secure, as in grpc-java
    if (!target.startsWith("inproc:")) {
      NettyTransportFactory.Builder t = NettyTransportFactory.builder().config(h2Config())
          .tls(tlsConfig()).keepAliveWithoutCalls(keepAliveWithoutCalls).userAgent(userAgent);
      if (keepAliveTime != null) {
        t.keepAliveTime(keepAliveTime);
      }
      if (keepAliveTimeout != null) {
        t.keepAliveTimeout(keepAliveTimeout);
      }
      NettyTransportFactory factory = t.build();
      secure = factory.usesTls();
      b.transport(factory);
    }
    Executor e = executor != null ? executor : DefaultExecutor.get();
    Channel channel = b.build();
    return new SluiceManagedChannel(channel, e, List.copyOf(interceptors),
        new CallCredentialsSupport(
            secure ? SecurityLevel.PRIVACY_AND_INTEGRITY : SecurityLevel.NONE,
            authority != null ? authority
                : channel.authority() != null ? channel.authority() : target,
            channelCallCredentials));
  }

  private H2Config h2Config() {
    H2Config c = H2Config.DEFAULT.withMaxMessageSize(
        Math.max(maxInboundMessageSize, H2Config.DEFAULT.maxMessageSize()));
    if (maxInboundMetadataSize > 0) {
      c = c.withMaxHeaderListSize(maxInboundMetadataSize);
    }
    return c;
  }

  private TlsConfig tlsConfig() {
    if (plaintext) {
      return null;
    }
    if (tls != null) {
      return tls;
    }
    try {
      TlsConfig.Builder t = TlsConfig.forClient();
      if (trustRootsPem != null) {
        t.trustRoots(new ByteArrayInputStream(trustRootsPem));
      }
      if (certChainPem != null) {
        t.keyPair(new ByteArrayInputStream(certChainPem), new ByteArrayInputStream(privateKeyPem));
      }
      return t.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not set up TLS for " + target, e);
    }
  }

}
