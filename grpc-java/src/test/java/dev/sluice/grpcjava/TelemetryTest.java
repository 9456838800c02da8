package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.opentelemetry.SluiceOpenTelemetry;
import io.grpc.CallOptions;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sluice's OpenTelemetry installed on the grpc-java adapter's builders ({@code telemetry(...)}),
 * read back from the real SDK: a unary call made and served through grpc-java's API (a
 * {@code ServerCalls.asyncUnaryCall} service behind a server interceptor) records the A66
 * metrics on both sides and one span tree, in which the spans the interceptor and the service
 * start sit under the server's span, over the in-process transport and HTTP/2 on loopback.
 */
class TelemetryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger ids = new AtomicInteger();
  private static final String SERVICE = "gj.otel.Echo";
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("grpc.method");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("grpc.status");
  private static final AttributeKey<String> TARGET = AttributeKey.stringKey("grpc.target");
  /**
   * UTF-8 messages whose streams tell their length, as protobuf's do (the sizes the metrics
   * record are those known without serializing); with a schema descriptor, as generated stubs
   * attach one, so the client's metrics keep the method's name.
   */
  private static final MethodDescriptor<String, String> UNARY =
      Utf8Methods.unary(SERVICE + "/Unary").toBuilder(new SizedUtf8(), new SizedUtf8())
          .setSchemaDescriptor(new Object()).build();

  private final BlockingQueue<SpanData> ended = new LinkedBlockingQueue<>();
  private final SdkTracerProvider tracers = SdkTracerProvider.builder()
      .addSpanProcessor(new Collector(ended)).build();
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meters =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(tracers).setMeterProvider(meters)
      .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
      .build();
  private final Tracer app = sdk.getTracer("app");
  private Server server;
  private ManagedChannel channel;
  private String target;

  private void start(String transport) throws Exception {
    SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(sdk).build();
    ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
        .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, responses) -> {
          // Runs in the listener's onHalfClose, on the server's executor.
          Span work = app.spanBuilder("app.service").startSpan();
          String tenant = Baggage.current().getEntryValue("tenant");
          work.end();
          responses.onNext(request + " for " + tenant);
          responses.onCompleted();
        }))
        .build();
    ServerInterceptor interceptor = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
          Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        // Runs in startCall.
        app.spanBuilder("app.interceptor").startSpan().end();
        return next.startCall(call, headers);
      }
    };
    SluiceServerBuilder sb;
    SluiceChannelBuilder cb;
    if (transport.equals("inproc")) {
      String name = "gj-otel-" + ids.incrementAndGet();
      sb = SluiceServerBuilder.forInProcess(name);
      cb = SluiceChannelBuilder.forInProcess(name);
      target = "inproc:" + name;
    } else {
      sb = SluiceServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
      cb = null;
    }
    server = sb.addService(service).intercept(interceptor)
        .telemetry(otel.serverTelemetry()).build().start();
    if (cb == null) {
      target = "ipv4:127.0.0.1:" + server.getPort();
      cb = SluiceChannelBuilder.forTarget(target).usePlaintext();
    }
    channel = cb.telemetry(otel.clientTelemetry()).build();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
    if (server != null) {
      server.shutdownNow();
      assertThat(server.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
    sdk.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void grpcJavaUnary_spansFormOneTreeWithTheServiceUnderTheServerSpan(String transport)
      throws Exception {
    start(transport);
    Span request = app.spanBuilder("app.request").startSpan();
    String reply;
    try (Scope ignored = Context.current().with(request)
        .with(Baggage.builder().put("tenant", "acme").build()).makeCurrent()) {
      reply = ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, "hello");
    } finally {
      request.end();
    }
    assertThat(reply).as("the client's baggage reached the service").isEqualTo("hello for acme");

    Map<String, SpanData> spans = awaitSpans(6);
    SpanData root = spans.get("app.request");
    SpanData call = spans.get("Sent." + SERVICE + ".Unary");
    SpanData attempt = spans.get("Attempt." + SERVICE + ".Unary");
    SpanData recv = spans.get("Recv." + SERVICE + ".Unary");
    assertThat(List.of(root, call, attempt, recv)).doesNotContainNull();
    assertChild(call, root);
    assertChild(attempt, call);
    assertChild(recv, attempt);
    assertChild(spans.get("app.interceptor"), recv);
    assertChild(spans.get("app.service"), recv);
    assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(recv.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(recv.getParentSpanContext().isRemote()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void grpcJavaUnary_recordsClientAndServerMetrics(String transport) throws Exception {
    start(transport);
    assertThat(ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, "hello"))
        .isEqualTo("hello for null");

    String method = SERVICE + "/Unary";
    Attributes serverEnded = Attributes.of(METHOD, method, STATUS, "OK");
    Attributes clientEnded = Attributes.of(METHOD, method, TARGET, target, STATUS, "OK");
    // The server's call may end just after the client has its answer.
    awaitHistogramCount("grpc.server.call.duration", serverEnded, 1);
    assertThat(histogramCount("grpc.client.call.duration", clientEnded)).isEqualTo(1);
    assertThat(histogramCount("grpc.client.attempt.duration", clientEnded)).isEqualTo(1);
    assertThat(counter("grpc.client.attempt.started", Attributes.of(METHOD, method, TARGET,
        target))).isEqualTo(1);
    assertThat(counter("grpc.server.call.started", Attributes.of(METHOD, method))).isEqualTo(1);
    assertThat(histogramSum("grpc.client.attempt.sent_total_compressed_message_size",
        clientEnded)).isEqualTo(5); // "hello"
    assertThat(histogramSum("grpc.server.call.sent_total_compressed_message_size",
        serverEnded)).isEqualTo("hello for null".length());
  }

  // ---------------------------------------------------------------- helpers

  private static void assertChild(SpanData child, SpanData parent) {
    assertThat(child).as("a span under " + parent.getName()).isNotNull();
    assertThat(child.getTraceId()).as(child.getName() + "'s trace").isEqualTo(parent.getTraceId());
    assertThat(child.getParentSpanId()).as(child.getName() + "'s parent")
        .isEqualTo(parent.getSpanId());
  }

  /** Waits for {@code count} ended spans, by name; fails listing what ended. */
  private Map<String, SpanData> awaitSpans(int count) throws InterruptedException {
    List<SpanData> got = new ArrayList<>();
    long end = System.nanoTime() + WAIT.toNanos();
    while (got.size() < count) {
      SpanData s = ended.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new AssertionError("Expected " + count + " spans, ended: "
            + got.stream().map(SpanData::getName).toList());
      }
      got.add(s);
    }
    return got.stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
  }

  private MetricData metric(String name) {
    return reader.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private long counter(String name, Attributes attrs) {
    return metric(name).getLongSumData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attrs)).mapToLong(LongPointData::getValue).sum();
  }

  private HistogramPointData histogram(String name, Attributes attrs) {
    return metric(name).getHistogramData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attrs)).findFirst()
        .orElseThrow(() -> new AssertionError("no point of " + name + " with " + attrs
            + " in " + metric(name)));
  }

  private long histogramCount(String name, Attributes attrs) {
    return histogram(name, attrs).getCount();
  }

  private double histogramSum(String name, Attributes attrs) {
    return histogram(name, attrs).getSum();
  }

  /** Polls the reader (metrics wake nobody) until the point is there, for up to WAIT. */
  private void awaitHistogramCount(String name, Attributes attrs, long count)
      throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long seen = reader.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
          .flatMap(m -> m.getHistogramData().getPoints().stream())
          .filter(p -> p.getAttributes().equals(attrs))
          .mapToLong(HistogramPointData::getCount).sum();
      if (seen >= count || System.nanoTime() > end) {
        assertThat(seen).as(name + " with " + attrs).isEqualTo(count);
        return;
      }
      Thread.sleep(5);
    }
  }

  /** UTF-8 strings as {@link KnownLength} streams. */
  private static final class SizedUtf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new Sized(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      return Utf8Methods.UTF8.parse(stream);
    }

    private static final class Sized extends ByteArrayInputStream implements KnownLength {
      Sized(byte[] bytes) {
        super(bytes);
      }
    }
  }

  /** Hands each ended span to the test's queue. */
  private record Collector(BlockingQueue<SpanData> ended) implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
