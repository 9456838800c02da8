package dev.sluice.grpcjava;

import dev.sluice.Server;
import dev.sluice.filter.MessageSizeFilter;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.TlsConfig;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.telemetry.ServerTelemetry;
import io.grpc.BindableService;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.HandlerRegistry;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Builds a grpc-java {@link io.grpc.Server} that runs on Sluice: the other line that changes when
 * a grpc-java application moves to Sluice.
 *
 * <pre>{@code
 * Server server = SluiceServerBuilder.forPort(50051)   // was ServerBuilder.forPort
 *     .addService(new GreeterImpl())                   // a GreeterGrpc.GreeterImplBase
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>Services ({@link BindableService}, {@link ServerServiceDefinition}), server interceptors,
 * stream tracers and a fallback {@link HandlerRegistry} work as in grpc-java. The listener is
 * Sluice's HTTP/2 over TCP (plaintext, or TLS with {@link #useTransportSecurity}), or its
 * in-process transport ({@link #forInProcess}). Options grpc-java has and Sluice does not (yet)
 * throw {@link UnsupportedOperationException} naming the option.
 */
public final class SluiceServerBuilder extends ServerBuilder<SluiceServerBuilder> {

  private final SocketAddress address;
  private final String inProcessName;
  private final List<ServerServiceDefinition> services = new ArrayList<>();
  private final List<ServerInterceptor> interceptors = new ArrayList<>();
  private final List<ServerStreamTracer.Factory> tracerFactories = new ArrayList<>();
  private HandlerRegistry fallbackRegistry;
  private Executor executor;
  private TlsConfig tls;
  private byte[] certChainPem;
  private byte[] privateKeyPem;
  private int maxInboundMessageSize = MessageSizeFilter.DEFAULT_MAX_INBOUND;
  private int maxInboundMetadataSize = -1;
  private Duration handshakeTimeout;
  private Duration permitKeepAliveTime;
  private boolean permitKeepAliveWithoutCalls;
  private boolean permitSet;
  private boolean keepAliveTimeSet;
  private Duration keepAliveTime;
  private Duration keepAliveTimeout;
  private boolean maxConnectionIdleSet;
  private Duration maxConnectionIdle;
  private boolean maxConnectionAgeSet;
  private Duration maxConnectionAge;
  private boolean maxConnectionAgeGraceSet;
  private Duration maxConnectionAgeGrace;
  private ServerTelemetry telemetry;

  private SluiceServerBuilder(SocketAddress address, String inProcessName) {
    this.address = address;
    this.inProcessName = inProcessName;
  }

  /**
   * A server on {@code port} of every local address (0: any free port, see getPort()).
   *
   * @param port the TCP port to listen on, or 0 for one the system picks
   * @return a builder for a plaintext server until told otherwise
   */
  public static SluiceServerBuilder forPort(int port) {
    return new SluiceServerBuilder(new InetSocketAddress(port), null);
  }

  /**
   * A server on {@code address} (an {@link InetSocketAddress}, or a Unix socket address).
   *
   * @param address where to listen
   * @return a builder for a plaintext server until told otherwise
   */
  public static SluiceServerBuilder forAddress(SocketAddress address) {
    return new SluiceServerBuilder(Objects.requireNonNull(address, "address"), null);
  }

  /**
   * A server in this JVM only, named {@code name}, which channels reach with {@code
   * SluiceChannelBuilder.forInProcess(name)} (grpc-java's {@code InProcessServerBuilder}).
   *
   * @param name the name in-process channels connect to; unique in this JVM while the server runs
   * @return a builder for an in-process server
   */
  public static SluiceServerBuilder forInProcess(String name) {
    return new SluiceServerBuilder(null, Objects.requireNonNull(name, "name"));
  }

  @Override
  public SluiceServerBuilder directExecutor() {
    this.executor = Runnable::run;
    return this;
  }

  @Override
  public SluiceServerBuilder executor(Executor executor) {
    this.executor = executor;
    return this;
  }

  @Override
  public SluiceServerBuilder addService(ServerServiceDefinition service) {
    services.add(Objects.requireNonNull(service, "service"));
    return this;
  }

  @Override
  public SluiceServerBuilder addService(BindableService bindableService) {
    return addService(bindableService.bindService());
  }

  /** Adds an interceptor for every service; the last added runs first, as in grpc-java. */
  @Override
  public SluiceServerBuilder intercept(ServerInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /**
   * Adds a stream tracer factory: its tracers see each call start and end, its context and its
   * messages (counted; sizes are reported as -1, unknown).
   */
  @Override
  public SluiceServerBuilder addStreamTracerFactory(ServerStreamTracer.Factory factory) {
    tracerFactories.add(Objects.requireNonNull(factory, "factory"));
    return this;
  }

  /** Where methods no service registered are looked up, at the time of each call. */
  @Override
  public SluiceServerBuilder fallbackHandlerRegistry(HandlerRegistry fallbackRegistry) {
    this.fallbackRegistry = fallbackRegistry;
    return this;
  }

  @Override
  public SluiceServerBuilder useTransportSecurity(File certChain, File privateKey) {
    try {
      return useTransportSecurity(java.nio.file.Files.readAllBytes(certChain.toPath()),
          java.nio.file.Files.readAllBytes(privateKey.toPath()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + certChain + " or " + privateKey, e);
    }
  }

  @Override
  public SluiceServerBuilder useTransportSecurity(InputStream certChain, InputStream privateKey) {
    try {
      return useTransportSecurity(certChain.readAllBytes(), privateKey.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the certificate chain or private key", e);
    }
  }

  private SluiceServerBuilder useTransportSecurity(byte[] certChain, byte[] privateKey) {
    this.certChainPem = certChain;
    this.privateKeyPem = privateKey;
    return this;
  }

  /**
   * TLS as Sluice configures it (client authentication, provider).
   *
   * @param tls the certificate, key and client-authentication settings the server uses
   * @return this builder
   */
  public SluiceServerBuilder tls(TlsConfig tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    return this;
  }

  /** Only grpc-java's default registry (gzip and identity, which Sluice has too). */
  @Override
  public SluiceServerBuilder decompressorRegistry(DecompressorRegistry registry) {
    if (registry != null && registry != DecompressorRegistry.getDefaultInstance()) {
      throw SluiceChannelBuilder.unsupported("decompressorRegistry",
          "Sluice's encodings are set with dev.sluice.compression.MessageCodecs");
    }
    return this;
  }

  /** Only grpc-java's default registry (gzip and identity, which Sluice has too). */
  @Override
  public SluiceServerBuilder compressorRegistry(CompressorRegistry registry) {
    if (registry != null && registry != CompressorRegistry.getDefaultInstance()) {
      throw SluiceChannelBuilder.unsupported("compressorRegistry",
          "Sluice's encodings are set with dev.sluice.compression.MessageCodecs");
    }
    return this;
  }

  @Override
  public SluiceServerBuilder handshakeTimeout(long timeout, TimeUnit unit) {
    this.handshakeTimeout = Duration.ofNanos(unit.toNanos(timeout));
    return this;
  }

  @Override
  public SluiceServerBuilder maxInboundMessageSize(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
    this.maxInboundMessageSize = bytes;
    return this;
  }

  @Override
  public SluiceServerBuilder maxInboundMetadataSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be positive: " + bytes);
    }
    this.maxInboundMetadataSize = bytes;
    return this;
  }

  /**
   * Client keepalive pings closer together than this are strikes; the third ends the connection
   * with GOAWAY ENHANCE_YOUR_CALM "too_many_pings" (default 5 minutes, as grpc-java).
   */
  @Override
  public SluiceServerBuilder permitKeepAliveTime(long time, TimeUnit unit) {
    if (time < 0) {
      throw new IllegalArgumentException("permit keepalive time must not be negative: " + time);
    }
    this.permitKeepAliveTime = Duration.ofNanos(unit.toNanos(time));
    this.permitSet = true;
    return this;
  }

  /** Accept client keepalive pings while no call is open (default false, as grpc-java). */
  @Override
  public SluiceServerBuilder permitKeepAliveWithoutCalls(boolean permit) {
    this.permitKeepAliveWithoutCalls = permit;
    this.permitSet = true;
    return this;
  }

  /**
   * Server keepalive: ping a client after this long without reading from it (default 2 hours,
   * as grpc-java); 1000 days or more turns the pings off, as in grpc-java.
   */
  @Override
  public SluiceServerBuilder keepAliveTime(long time, TimeUnit unit) {
    if (time <= 0) {
      throw new IllegalArgumentException("keepalive time must be positive: " + time);
    }
    this.keepAliveTime = orOff(time, unit);
    this.keepAliveTimeSet = true;
    return this;
  }

  /** How long a server keepalive ping may go unanswered before the close (default 20 s). */
  @Override
  public SluiceServerBuilder keepAliveTimeout(long timeout, TimeUnit unit) {
    if (timeout <= 0) {
      throw new IllegalArgumentException("keepalive timeout must be positive: " + timeout);
    }
    this.keepAliveTimeout = Duration.ofNanos(unit.toNanos(timeout));
    return this;
  }

  /**
   * Close a connection with the two-step GOAWAY once it has had no call for this long (at least
   * 1 s; 1000 days or more: never, the default).
   */
  @Override
  public SluiceServerBuilder maxConnectionIdle(long idle, TimeUnit unit) {
    if (idle <= 0) {
      throw new IllegalArgumentException("max connection idle must be positive: " + idle);
    }
    this.maxConnectionIdle = orOff(idle, unit);
    this.maxConnectionIdleSet = true;
    return this;
  }

  /**
   * Close each connection gracefully once it is this old, ±10 % (at least 1 s; 1000 days or
   * more: never, the default); clients reconnect for their next calls.
   */
  @Override
  public SluiceServerBuilder maxConnectionAge(long age, TimeUnit unit) {
    if (age <= 0) {
      throw new IllegalArgumentException("max connection age must be positive: " + age);
    }
    this.maxConnectionAge = orOff(age, unit);
    this.maxConnectionAgeSet = true;
    return this;
  }

  /**
   * How long calls may go on after a max-age close's final GOAWAY before the connection is
   * closed regardless (default: as long as they take; 1000 days or more means the same).
   */
  @Override
  public SluiceServerBuilder maxConnectionAgeGrace(long grace, TimeUnit unit) {
    if (grace < 0) {
      throw new IllegalArgumentException("max connection age grace must not be negative: "
          + grace);
    }
    this.maxConnectionAgeGrace = orOff(grace, unit);
    this.maxConnectionAgeGraceSet = true;
    return this;
  }

  /** grpc-java's "as large as infinite" (1000 days or more) is Sluice's null: off. */
  private static Duration orOff(long value, TimeUnit unit) {
    return unit.toDays(value) >= 1000 ? null : Duration.ofNanos(unit.toNanos(value));
  }

  /**
   * Installs Sluice's telemetry on the server's calls: the metrics and traces of {@code
   * sluice-opentelemetry} ({@code SluiceOpenTelemetry.serverTelemetry()}), or any other
   * implementation of the core's hooks. With traces, the server span (under the client's context
   * from the request headers) is current while the service's code runs: in {@code startCall} and
   * every {@code ServerCall.Listener} callback, so spans the service starts nest under it. Prefer
   * it to grpc-java's {@code GrpcOpenTelemetry.configureServerBuilder}, whose stream tracers this
   * adapter feeds without message sizes.
   *
   * @param telemetry the hooks, or null for none (what {@code serverTelemetry()} gives when
   *     metrics and traces are both off)
   * @return this builder
   */
  public SluiceServerBuilder telemetry(ServerTelemetry telemetry) {
    this.telemetry = telemetry;
    return this;
  }

  @Override
  public SluiceServerBuilder setBinaryLog(io.grpc.BinaryLog binaryLog) {
    throw SluiceChannelBuilder.unsupported("setBinaryLog", "Sluice has no binary log");
  }

  @Override
  public SluiceServer build() {
    Executor e = executor != null ? executor : DefaultExecutor.get();
    Server.Builder b = Server.builder().executor(e).maxInboundMessageSize(maxInboundMessageSize);
    if (telemetry != null) {
      b.telemetry(telemetry);
    }
    List<NettyServerListener> tcp = new ArrayList<>();
    if (inProcessName != null) {
      b.listener(new InProcessServerListener(inProcessName));
    } else {
      NettyServerListener.Builder l = NettyServerListener.forAddress(address).config(h2Config());
      TlsConfig t = tlsConfig();
      if (t != null) {
        l.tls(t);
      }
      if (handshakeTimeout != null) {
        l.handshakeTimeout(handshakeTimeout);
      }
      connectionManagement(l);
      NettyServerListener listener = l.build();
      tcp.add(listener);
      b.listener(listener);
    }
    List<ServerStreamTracer.Factory> tracers = List.copyOf(tracerFactories);
    List<ServerServiceDefinition> served = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ServerServiceDefinition service : services) {
      ServerServiceDefinition s = ServerInterceptors.intercept(service, interceptors);
      served.add(service);
      for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
        String name = m.getMethodDescriptor().getFullMethodName();
        if (!names.add(name)) {
          throw new IllegalStateException("Method " + name + " is registered twice");
        }
        b.addMethod(MethodBridge.toSluice(m.getMethodDescriptor()),
            call -> ServerCallDriver.serve(call, m, e, tracers));
      }
    }
    HandlerRegistry registry = fallbackRegistry;
    List<ServerInterceptor> chain = List.copyOf(interceptors);
    b.fallbackMethods((fullName, authority) -> {
      ServerMethodDefinition<?, ?> m = registry == null ? null
          : registry.lookupMethod(fullName, authority);
      if (m == null) {
        if (fullName.indexOf('/') <= 0 || fullName.endsWith("/")) {
          return null; // not a method name at all: Sluice answers UNIMPLEMENTED by itself
        }
        m = UnknownMethods.unimplemented(fullName);
      } else {
        m = intercept(m, chain);
      }
      ServerMethodDefinition<?, ?> found = m;
      // Registries may make descriptors per lookup: not cached.
      return new Server.MethodRegistration(MethodBridge.uncached(found.getMethodDescriptor()),
          call -> ServerCallDriver.serve(call, found, e, tracers));
    });
    return new SluiceServer(b.build(), served, tcp, inProcessName);
  }

  private static <ReqT, RespT> ServerMethodDefinition<ReqT, RespT> intercept(
      ServerMethodDefinition<ReqT, RespT> m, List<ServerInterceptor> chain) {
    if (chain.isEmpty()) {
      return m;
    }
    ServerServiceDefinition one = ServerServiceDefinition.builder(
        m.getMethodDescriptor().getServiceName()).addMethod(m).build();
    @SuppressWarnings("unchecked")
    ServerMethodDefinition<ReqT, RespT> out = (ServerMethodDefinition<ReqT, RespT>)
        ServerInterceptors.intercept(one, chain).getMethods().iterator().next();
    return out;
  }

  private void connectionManagement(NettyServerListener.Builder l) {
    if (keepAliveTimeSet) {
      l.keepAliveTime(keepAliveTime);
    }
    if (keepAliveTimeout != null) {
      l.keepAliveTimeout(keepAliveTimeout);
    }
    if (permitSet) {
      l.permitKeepAlive(permitKeepAliveTime != null ? permitKeepAliveTime
          : H2Config.DEFAULT.permitKeepAliveTime(), permitKeepAliveWithoutCalls);
    }
    if (maxConnectionIdleSet) {
      l.maxConnectionIdle(maxConnectionIdle);
    }
    if (maxConnectionAgeSet) {
      l.maxConnectionAge(maxConnectionAge);
    }
    if (maxConnectionAgeGraceSet) {
      l.maxConnectionAgeGrace(maxConnectionAgeGrace);
    }
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
    if (tls != null) {
      return tls;
    }
    if (certChainPem == null) {
      return null;
    }
    try {
      return TlsConfig.forServer(new ByteArrayInputStream(certChainPem),
          new ByteArrayInputStream(privateKeyPem)).build();
    } catch (IOException ex) {
      throw new UncheckedIOException("Could not set up TLS with the given certificate and key", ex);
    }
  }
}
