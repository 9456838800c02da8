package dev.sluice.opentelemetry.peer;

import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java server in the middle of a traced chain. Its method {@code chain.Peer/Forward}
 * calls {@code chain.Leaf/Echo} on a Sluice server and answers {@code peer-baggage=<tenant>}
 * followed by the leaf's answer. Both the server and the channel are traced by grpc-java's own
 * OpenTelemetry module (io.grpc:grpc-opentelemetry; tracing needs the environment variable
 * GRPC_EXPERIMENTAL_ENABLE_OTEL_TRACING=true) with an OpenTelemetry SDK of its own, W3C trace
 * context and baggage propagators, which prints every span as it ends:
 * {@code span name=N trace=T id=S parent=P status=C}.
 *
 * <p>Arguments: the leaf's {@code host:port}, which must be serving. Prints {@code
 * listening=PORT} once connected to the leaf and serving, then serves until killed.
 */
public final class TracedChainServer {

  private TracedChainServer() {}

  /** Messages are raw bytes: no generated code on either side. */
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static MethodDescriptor<byte[], byte[]> unary(String fullName) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /**
   * Connects the channel before any call: grpc-java injects the context current on the thread
   * that creates a call's stream, which is the caller's only once the channel is READY (before,
   * a stream waits and is made on another thread, without the caller's baggage).
   */
  private static void awaitReady(ManagedChannel channel) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ConnectivityState state = channel.getState(true);
    while (state != ConnectivityState.READY) {
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      long left = end - System.nanoTime();
      if (left <= 0 || !changed.await(left, TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("The leaf channel is not READY but " + state);
      }
      state = channel.getState(true);
    }
  }

  public static void main(String[] args) throws Exception {
    SdkTracerProvider tracers = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(new PrintingSpanExporter(System.out)))
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(tracers)
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
    GrpcOpenTelemetry grpcOtel = GrpcOpenTelemetry.newBuilder().sdk(sdk).build();
    Tracer tracer = sdk.getTracer("peer");

    ManagedChannelBuilder<?> cb = Grpc.newChannelBuilder(args[0],
        InsecureChannelCredentials.create());
    grpcOtel.configureChannelBuilder(cb);
    ManagedChannel leaf = cb.build();
    awaitReady(leaf);
    MethodDescriptor<byte[], byte[]> echo = unary("chain.Leaf/Echo");

    ServerServiceDefinition peer = ServerServiceDefinition.builder("chain.Peer")
        .addMethod(unary("chain.Peer/Forward"), ServerCalls.asyncUnaryCall((req, responses) -> {
          // grpc-java's tracing makes its server span (and the baggage) current here.
          Span own = tracer.spanBuilder("peer.handler").startSpan();
          try (Scope ignored = own.makeCurrent()) {
            String tenant = Baggage.current().getEntryValue("tenant");
            byte[] fromLeaf = ClientCalls.blockingUnaryCall(leaf, echo, CallOptions.DEFAULT, req);
            responses.onNext(("peer-baggage=" + tenant + " "
                + new String(fromLeaf, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            responses.onCompleted();
          } catch (RuntimeException e) {
            responses.onError(Status.fromThrowable(e).asRuntimeException());
          } finally {
            own.end();
          }
        }))
        .build();
    ServerBuilder<?> sb = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(peer);
    grpcOtel.configureServerBuilder(sb);
    Server server = sb.build().start();
    System.out.println("listening=" + server.getPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      leaf.shutdownNow();
    }));
    server.awaitTermination();
  }
}
