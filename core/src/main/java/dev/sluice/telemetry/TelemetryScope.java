package dev.sluice.telemetry;

/**
 * What a tracer made current on a thread (an OpenTelemetry context, say) for as long as the
 * application's code of one call runs there; {@link #close} undoes it, on the same thread.
 */
@FunctionalInterface
public interface TelemetryScope extends AutoCloseable {

  /** A scope that made nothing current: what every hook returns when it has nothing to do. */
  TelemetryScope NONE = () -> {};

  @Override
  void close();
}
