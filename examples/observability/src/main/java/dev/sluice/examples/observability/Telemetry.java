package dev.sluice.examples.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * One process's OpenTelemetry SDK, as an application sets it up: its metrics are served in the
 * Prometheus text format at {@code http://<host>:<port>/metrics} (the exporter is the SDK's metric
 * reader: Prometheus pulls, nothing is pushed), and every ended span is written to
 * java.util.logging by the logging exporter. Trace context and baggage cross calls in W3C's
 * headers ({@code traceparent}, {@code tracestate}, {@code baggage}): without propagators the
 * SDK would send none, and the server's spans would start traces of their own.
 */
public final class Telemetry implements AutoCloseable {

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final OpenTelemetrySdk sdk;
  private final String metricsUrl;

  private Telemetry(OpenTelemetrySdk sdk, String metricsUrl) {
    this.sdk = sdk;
    this.metricsUrl = metricsUrl;
  }

  /**
   * Starts an SDK for {@code serviceName} whose Prometheus endpoint listens on {@code host}, port
   * {@code metricsPort}.
   *
   * @param serviceName the resource's {@code service.name}
   * @param host the address the Prometheus endpoint binds
   * @param metricsPort its port
   * @return the running SDK; close it to stop the endpoint and flush the spans
   */
  public static Telemetry start(String serviceName, String host, int metricsPort) {
    return start(serviceName, host, metricsPort, null);
  }

  /**
   * As {@link #start(String, String, int)}, and every ended span also goes to {@code
   * extraSpans} (a test's in-memory exporter, or a real backend's) unless it is null.
   *
   * @param serviceName the resource's {@code service.name}
   * @param host the address the Prometheus endpoint binds
   * @param metricsPort its port
   * @param extraSpans a second span exporter besides the logging one, or null for none
   * @return the running SDK; close it to stop the endpoint and flush the spans
   */
  public static Telemetry start(String serviceName, String host, int metricsPort,
      SpanExporter extraSpans) {
    Resource resource = Resource.getDefault()
        .merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName)));
    SdkMeterProvider meters = SdkMeterProvider.builder()
        .setResource(resource)
        .registerMetricReader(PrometheusHttpServer.builder().setHost(host).setPort(metricsPort)
            .build())
        .build();
    SdkTracerProviderBuilder tracers = SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()));
    if (extraSpans != null) {
      tracers.addSpanProcessor(SimpleSpanProcessor.create(extraSpans));
    }
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(meters)
        .setTracerProvider(tracers.build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
    return new Telemetry(sdk, "http://" + host + ":" + metricsPort + "/metrics");
  }

  /** The SDK, for {@code SluiceOpenTelemetry.builder} and the application's own spans. */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Where Prometheus scrapes this process's metrics. */
  public String metricsUrl() {
    return metricsUrl;
  }

  /** Stops the endpoint and flushes the spans. */
  @Override
  public void close() {
    sdk.close();
  }
}
