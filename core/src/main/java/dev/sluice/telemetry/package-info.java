/**
 * Telemetry hooks: what a channel or server tells an installed {@link
 * dev.sluice.telemetry.ClientTelemetry} or {@link dev.sluice.telemetry.ServerTelemetry} about
 * each call and each attempt (the analog of gRFC A66's call tracers). JDK types only; the
 * OpenTelemetry module implements them. With nothing installed no hook runs and nothing is
 * allocated for them.
 */
package dev.sluice.telemetry;
