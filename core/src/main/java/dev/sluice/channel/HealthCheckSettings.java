package dev.sluice.channel;

import dev.sluice.config.ServiceConfig;

/**
 * How the channel tells load-balancing policies about client-side health checking (gRFC A17):
 * the service config's {@code healthCheckConfig.serviceName} travels in the resolution's
 * attributes under {@link #SERVICE_NAME}, absent when the config asks for no health checking.
 * {@code round_robin} acts on it; top-level {@code pick_first} ignores it, as A17 says.
 */
final class HealthCheckSettings {

  /** The service whose health the policy's subchannels watch ({@code ""}: the whole server). */
  static final Attributes.Key<String> SERVICE_NAME =
      Attributes.Key.create("healthCheckConfig.serviceName");

  private HealthCheckSettings() {}

  /** {@code attributes} with the health-check service name of {@code config}, if it has one. */
  static Attributes attributes(Attributes attributes, ServiceConfig config) {
    String name = config.healthCheckServiceName();
    return name == null ? attributes : attributes.with(SERVICE_NAME, name);
  }
}
