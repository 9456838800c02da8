/**
 * OpenTelemetry metrics for Sluice (gRFC A66): {@link dev.sluice.opentelemetry.SluiceOpenTelemetry}
 * installs them on a channel or server builder.
 */
package dev.sluice.opentelemetry;
