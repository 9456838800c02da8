package dev.sluice.examples.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * One process's OpenTelemetry SDK, as an application sets it up: its metrics are served in the
 * Prometheus text format at {@code http://<host>:<port>/metrics} (the exporter is the SDK's metric
 * reader: Prometheus pulls, nothing is pushed), and every ended span is written to
 * java.util.logging by the logging exporter.
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
   */
  public static Telemetry start(String serviceName, String host, int metricsPort) {
    Resource resource = Resource.getDefault()
        .merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName)));
    SdkMeterProvider meters = SdkMeterProvider.builder()
        .setResource(resource)
        .registerMetricReader(PrometheusHttpServer.builder().setHost(host).setPort(metricsPort)
            .build())
        .build();
    SdkTracerProvider tracers = SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()))
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(meters)
        .setTracerProvider(tracers)
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
