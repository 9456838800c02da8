package dev.sluice.telemetry;

/**
 * Telemetry of a server's calls, installed with {@code Server.Builder.telemetry}. One instance
 * serves every call, from any thread.
 */
@FunctionalInterface
public interface ServerTelemetry {

  /**
   * A call's request headers arrived.
   *
   * @param fullMethodName {@code package.Service/Method} as the client asked for it
   * @param registered true when the method was added to the server's builder (not found through
   *     a fallback lookup, nor unknown): only those names are safe to use as metric labels
   * @return the call's tracer; never null
   */
  ServerCallTracer newCall(String fullMethodName, boolean registered);
}
