package dev.sluice.config;

import java.util.Map;
import java.util.Objects;

/**
 * A parsed, validated service config (the proto3 JSON of {@code grpc.service_config.ServiceConfig},
 * gRFC A2/A6/A21): per-method settings, the load-balancing policy and retry throttling. Made by
 * {@link #parse}; immutable. Two configs parsed from equivalent JSON are equal, so the channel
 * reconfigures only when something changed.
 *
 * @param byMethod method configs by {@code service/method}
 * @param byService method configs by service name, for every method of the service
 * @param defaultMethodConfig the config of the {@code {}} name, for every method; or null
 * @param loadBalancingPolicy the chosen policy's name, or null to keep the channel's own
 * @param loadBalancingConfig that policy's raw configuration (may be empty)
 * @param retryThrottling the retry token bucket, or null for none
 * @param healthCheckServiceName {@code healthCheckConfig.serviceName}, or null
 */
public record ServiceConfig(Map<String, MethodConfig> byMethod,
    Map<String, MethodConfig> byService, MethodConfig defaultMethodConfig,
    String loadBalancingPolicy, Map<String, ?> loadBalancingConfig,
    RetryThrottling retryThrottling, String healthCheckServiceName) {

  /** The most attempts a retry or hedging policy may make (larger values are clamped). */
  public static final int MAX_ATTEMPTS = 5;

  /** The config of a resolver or channel that has none: nothing configured. */
  public static final ServiceConfig EMPTY =
      new ServiceConfig(Map.of(), Map.of(), null, null, Map.of(), null, null);

  /**
   * Copies the maps.
   *
   * @param byMethod method configs by {@code service/method}
   * @param byService method configs by service name, for every method of the service
   * @param defaultMethodConfig the config of the {@code {}} name, for every method; or null
   * @param loadBalancingPolicy the chosen policy's name, or null to keep the channel's own
   * @param loadBalancingConfig that policy's raw configuration (may be empty)
   * @param retryThrottling the retry token bucket, or null for none
   * @param healthCheckServiceName {@code healthCheckConfig.serviceName}, or null
   */
  public ServiceConfig {
    byMethod = Map.copyOf(Objects.requireNonNull(byMethod, "byMethod"));
    byService = Map.copyOf(Objects.requireNonNull(byService, "byService"));
    loadBalancingConfig = loadBalancingConfig == null ? Map.of() : loadBalancingConfig;
  }

  /**
   * Reads and checks a service config.
   *
   * @param json the service config, JSON
   * @return the checked config
   * @throws ServiceConfigException naming the JSON path of the first problem
   */
  public static ServiceConfig parse(String json) {
    return ServiceConfigParser.parse(json);
  }

  /**
   * True when some method config exists (else {@link #forMethod} is always null).
   *
   * @return whether any method config exists
   */
  public boolean hasMethodConfigs() {
    return !byMethod.isEmpty() || !byService.isEmpty() || defaultMethodConfig != null;
  }

  /**
   * The config of method {@code fullName} ({@code pkg.Service/Method}): the method's own, else
   * its service's, else the default; null for none. No fields are merged across levels.
   *
   * @param fullName the method's full name
   * @return the config, or null
   */
  public MethodConfig forMethod(String fullName) {
    if (!byMethod.isEmpty()) {
      MethodConfig m = byMethod.get(fullName);
      if (m != null) {
        return m;
      }
    }
    int slash = fullName.indexOf('/');
    if (!byService.isEmpty() && slash >= 0) {
      MethodConfig s = byService.get(fullName.substring(0, slash));
      if (s != null) {
        return s;
      }
    }
    return defaultMethodConfig;
  }
}
