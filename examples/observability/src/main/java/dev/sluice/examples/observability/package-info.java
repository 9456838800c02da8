/**
 * OpenTelemetry with Sluice: a server and a client over HTTP/2 that record the metrics of gRFC
 * A66 to Prometheus endpoints and send spans to the logging exporter. {@link
 * dev.sluice.examples.observability.ObservabilityDemo} runs both.
 */
package dev.sluice.examples.observability;
