/**
 * OpenTelemetry metrics (gRFC A66) and traces of Sluice channels and servers, on the core's
 * telemetry hooks. Depends on the OpenTelemetry API only; the application brings the SDK.
 */
module dev.sluice.opentelemetry {
  requires transitive dev.sluice.core;
  requires transitive io.opentelemetry.api;
  requires transitive io.opentelemetry.context;

  exports dev.sluice.opentelemetry;
}
