package dev.sluice.grpcjava;

import dev.sluice.Channel;
import dev.sluice.filter.MessageSizeFilter;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyTransportFactory;
import dev.sluice.h2.netty.TlsConfig;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolver;
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
  private String loadBalancingPolicy;

  private SluiceChannelBuilder(String target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  /**
   * A builder for a channel to {@code target}, in Sluice's target syntax ({@code
   * dns:///host:port}, {@code host:port}, {@code inproc:name}, ...).
   */
  public static SluiceChannelBuilder forTarget(String target) {
    return new SluiceChannelBuilder(target);
  }

  /** A builder for a channel to {@code host:port}, resolved through DNS. */
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
   * with PEM roots and an optional PEM key pair (trust and key managers are not supported).
   */
  public static SluiceChannelBuilder forTarget(String target, ChannelCredentials credentials) {
    SluiceChannelBuilder b = new SluiceChannelBuilder(target);
    CredentialsBridge.apply(Objects.requireNonNull(credentials, "credentials"), b);
    return b;
  }

  /**
   * A builder for a channel to the Sluice in-process server named {@code name}: both ends in
   * this JVM, no bytes on a wire (as grpc-java's {@code InProcessChannelBuilder.forName}).
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
   * Not supported yet: Sluice sends its own {@code user-agent} and does not let the application
   * add to it.
   */
  @Override
  public SluiceChannelBuilder userAgent(String userAgent) {
    throw unsupported("userAgent", "Sluice sends its own user-agent header");
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

  /** TLS as Sluice configures it: trust roots, key pair, provider (implies transport security). */
  public SluiceChannelBuilder tls(TlsConfig tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    this.plaintext = false;
    return this;
  }

  /** Trust these PEM root certificates instead of the JDK's (implies transport security). */
  public SluiceChannelBuilder trustRoots(byte[] rootsPem) {
    this.trustRootsPem = rootsPem.clone();
    this.plaintext = false;
    return this;
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

  @Override
  public SluiceChannelBuilder keepAliveTime(long time, TimeUnit unit) {
    this.keepAliveTime = Duration.ofNanos(unit.toNanos(time));
    return this;
  }

  @Override
  public SluiceChannelBuilder keepAliveTimeout(long timeout, TimeUnit unit) {
    this.keepAliveTimeout = Duration.ofNanos(unit.toNanos(timeout));
    return this;
  }

  /** Not supported yet: Sluice's keepalive pings only while calls are open. */
  @Override
  public SluiceChannelBuilder keepAliveWithoutCalls(boolean enable) {
    if (enable) {
      throw unsupported("keepAliveWithoutCalls(true)",
          "Sluice's HTTP/2 keepalive has no without-calls mode yet");
    }
    return this;
  }

  /**
   * Accepted, as grpc-java's default: retries follow a service config's retry policy, and this
   * adapter takes no service config yet ({@link #defaultServiceConfig} throws), so no call is
   * retried beyond the transparent retries both grpc-java and Sluice make.
   */
  @Override
  public SluiceChannelBuilder enableRetry() {
    return this;
  }

  /** Accepted: Sluice makes no configured retries (only transparent ones, as grpc-java does). */
  @Override
  public SluiceChannelBuilder disableRetry() {
    return this;
  }

  @Override
  public SluiceChannelBuilder maxRetryAttempts(int maxRetryAttempts) {
    throw unsupported("maxRetryAttempts", "Sluice has no configured retries yet");
  }

  @Override
  public SluiceChannelBuilder maxHedgedAttempts(int maxHedgedAttempts) {
    throw unsupported("maxHedgedAttempts", "Sluice has no hedging yet");
  }

  @Override
  public SluiceChannelBuilder retryBufferSize(long bytes) {
    throw unsupported("retryBufferSize", "Sluice has no configured retries yet");
  }

  @Override
  public SluiceChannelBuilder perRpcBufferLimit(long bytes) {
    throw unsupported("perRpcBufferLimit", "Sluice has no configured retries yet");
  }

  /** Not supported yet: Sluice's channel takes no service config yet. */
  @Override
  public SluiceChannelBuilder defaultServiceConfig(Map<String, ?> serviceConfig) {
    throw unsupported("defaultServiceConfig", "Sluice's channel takes no service config yet");
  }

  /** Accepted: Sluice does not look service configs up in DNS. */
  @Override
  public SluiceChannelBuilder disableServiceConfigLookUp() {
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
    if (!target.startsWith("inproc:")) {
      b.transport(NettyTransportFactory.builder().config(h2Config()).tls(tlsConfig()).build());
    }
    Executor e = executor != null ? executor : DefaultExecutor.get();
    return new SluiceManagedChannel(b.build(), e, List.copyOf(interceptors));
  }

  private H2Config h2Config() {
    H2Config c = H2Config.DEFAULT.withMaxMessageSize(
        Math.max(maxInboundMessageSize, H2Config.DEFAULT.maxMessageSize()));
    if (maxInboundMetadataSize > 0) {
      c = c.withMaxHeaderListSize(maxInboundMetadataSize);
    }
    if (keepAliveTime != null) {
      c = c.withKeepAlive(keepAliveTime,
          keepAliveTimeout != null ? keepAliveTimeout : H2Config.DEFAULT.keepAliveTimeout());
    } else if (keepAliveTimeout != null) {
      c = c.withKeepAlive(null, keepAliveTimeout);
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
