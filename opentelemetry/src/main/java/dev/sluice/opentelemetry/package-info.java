/**
 * OpenTelemetry metrics (gRFC A66) and traces (gRFC A72's spans) for Sluice: {@link
 * dev.sluice.opentelemetry.SluiceOpenTelemetry} installs them on a channel or server builder.
 */
package dev.sluice.opentelemetry;
