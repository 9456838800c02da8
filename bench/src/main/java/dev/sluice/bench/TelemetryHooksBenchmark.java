package dev.sluice.bench;

import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Status;
import dev.sluice.opentelemetry.SluiceOpenTelemetry;
import dev.sluice.telemetry.AttemptKind;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.ServerTelemetry;
import dev.sluice.telemetry.TelemetryScope;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code sluice-opentelemetry}'s hooks cost for one unary call, both ends, with no transport
 * around them: each operation is every hook a unary call runs on the client (call, one attempt,
 * its request headers, a message each way, the ends) and on the server (call, headers, handler
 * scope, a message each way, the end), recording into the real OpenTelemetry SDK. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes one call's hooks allocate.
 *
 * <ul>
 *   <li>{@code telemetry=metrics}: the nine A66 instruments only ({@code traces(false)}).
 *   <li>{@code telemetry=metrics+traces}: and the three spans (Sent, Attempt, Recv), sampled and
 *       ended into a span processor whose exporter drops them, with W3C trace context injected
 *       into and extracted from the request headers.
 * </ul>
 *
 * <p>Why it matters: these hooks run on every call of a channel or server that has telemetry;
 * what they allocate is what telemetry adds to the garbage of the call path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TelemetryHooksBenchmark {

  static final String TARGET = "dns:///bench.example:443";

  /** A method as generated stubs make it (with a schema descriptor: its name is a label). */
  static final MethodDescriptor<byte[], byte[]> METHOD = UnaryFixture.METHOD
      .withSchemaDescriptor(new Object());

  @Param({"metrics", "metrics+traces"})
  public String telemetry;

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private OpenTelemetrySdk sdk;
  private ClientTelemetry client;
  private ServerTelemetry server;
  private final Metadata headers = new Metadata();

  @Setup
  public void setUp() {
    sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(reader).build())
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new DroppingSpanExporter())).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(sdk)
        .traces(telemetry.equals("metrics+traces")).build();
    client = otel.clientTelemetry();
    server = otel.serverTelemetry();
  }

  @TearDown
  public void tearDown() {
    sdk.close();
  }

  /** How many instruments have points so far (for the fixture test; not part of a run). */
  int metricsRecorded() {
    return reader.collectAllMetrics().size();
  }

  /** One unary call's hooks on both ends; returns the headers the attempt sent. */
  @Benchmark
  public Metadata unaryCallHooks() {
    ClientCallTracer call = client.newCall(METHOD, TARGET);
    AttemptTracer attempt = call.attemptStarted(AttemptKind.FIRST, 0);
    Metadata sent = attempt.requestHeaders(headers);
    call.outboundMessage(5);
    attempt.outboundMessage(10);

    ServerCallTracer served = server.newCall(METHOD.fullName(), true);
    served.requestHeaders(sent);
    try (TelemetryScope ignored = served.enterHandler()) {
      served.inboundMessage(10);
      served.outboundMessage(10);
    }
    served.callEnded(Status.OK);

    attempt.inboundMessage(10);
    call.inboundMessage(5);
    attempt.attemptEnded(Status.OK);
    call.callEnded(Status.OK);
    return sent;
  }

  /** Takes the ended spans and keeps none: the spans' own cost, not an exporter's. */
  static final class DroppingSpanExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
