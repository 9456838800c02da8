package dev.sluice.telemetry;

import dev.sluice.MethodDescriptor;

/**
 * Telemetry of a channel's calls, installed with {@code Channel.Builder.telemetry}. One instance
 * serves every call of the channel, from any thread.
 */
@FunctionalInterface
public interface ClientTelemetry {

  /**
   * A call starts: called on the application's thread when it creates the call, before anything
   * is serialized or sent.
   *
   * @param method the call's method
   * @param target the channel's target, as the channel was built with it
   * @return the call's tracer; never null
   */
  ClientCallTracer newCall(MethodDescriptor<?, ?> method, String target);
}
