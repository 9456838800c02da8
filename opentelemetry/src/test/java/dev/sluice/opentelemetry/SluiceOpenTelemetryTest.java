package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.ServerCalls;
import dev.sluice.testing.Marshallers;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What {@link SluiceOpenTelemetry} installs, by its providers and switches. */
class SluiceOpenTelemetryTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.create(
      "otel.switch.Echo/Echo", MethodType.UNARY, Marshallers.BYTES, Marshallers.BYTES);

  @Test
  void noopOpenTelemetry_installsNothing() {
    SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(OpenTelemetry.noop()).build();

    assertThat(otel.clientTelemetry()).isNull();
    assertThat(otel.serverTelemetry()).isNull();
    Channel.Builder b = Channel.builder("inproc:nowhere");
    assertThat(otel.configure(b)).isSameAs(b);
  }

  @Test
  void bothSwitchedOff_installsNothing() {
    try (SpanRecorder recorder = new SpanRecorder()) {
      SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(recorder.sdk)
          .metrics(false).traces(false).build();

      assertThat(otel.clientTelemetry()).isNull();
      assertThat(otel.serverTelemetry()).isNull();
    }
  }

  @Test
  void metricsOff_tracesOn_spansButNoMetrics() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SpanRecorder recorder = new SpanRecorder();
        SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader)
            .build()) {
      OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(recorder.tracers)
          .setMeterProvider(meters).build();
      SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(sdk).metrics(false).build();
      String name = "otel-switch-" + UUID.randomUUID();
      Server server = otel.configure(Server.builder().listener(new InProcessServerListener(name))
          .addMethod(ECHO, ServerCalls.<byte[], byte[]>unary((req, ctx) -> req))).build().start();
      Channel channel = otel.configure(Channel.builder("inproc:" + name)).build();
      try {
        ClientCalls.blockingUnary(channel, ECHO, CallOptions.DEFAULT, new byte[] {1});
        recorder.one("Recv.otel.switch.Echo.Echo", WAIT);
        recorder.one("Sent.otel.switch.Echo.Echo", WAIT);
        assertThat(reader.collectAllMetrics()).isEmpty();
      } finally {
        channel.shutdownNow();
        server.shutdownNow();
        assertThat(channel.awaitTermination(WAIT)).isTrue();
        assertThat(server.awaitTermination(WAIT)).isTrue();
      }
    }
  }
}
