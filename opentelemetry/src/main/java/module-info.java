/**
 * OpenTelemetry metrics for Sluice channels and servers (gRFC A66), on the core's telemetry
 * hooks. Depends on the OpenTelemetry API only; the application brings the SDK.
 */
module dev.sluice.opentelemetry {
  requires transitive dev.sluice.core;
  requires transitive io.opentelemetry.api;

  exports dev.sluice.opentelemetry;
}
