package dev.sluice.config;

import dev.sluice.Status;
import dev.sluice.channel.LoadBalancerProvider;
import dev.sluice.channel.LoadBalancerRegistry;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns service-config JSON into a {@link ServiceConfig}, with the rules of gRFC A21 and A6:
 * unknown fields are ignored, a known field with a bad type or value makes the whole config
 * invalid, a JSON {@code null} is the same as an absent field.
 */
final class ServiceConfigParser {

  private ServiceConfigParser() {}

  static ServiceConfig parse(String json) {
    Map<String, Object> root = object(Json.parse(json), "$");
    Map<String, MethodConfig> byMethod = new HashMap<>();
    Map<String, MethodConfig> byService = new HashMap<>();
    MethodConfig dflt = null;
    Set<String> seen = new HashSet<>();
    List<Object> methodConfigs = list(root.get("methodConfig"), "$.methodConfig");
    for (int i = 0; methodConfigs != null && i < methodConfigs.size(); i++) {
      String at = "$.methodConfig[" + i + "]";
      Map<String, Object> mc = object(methodConfigs.get(i), at);
      MethodConfig parsed = methodConfig(mc, at);
      List<Object> names = list(mc.get("name"), at + ".name");
      for (int n = 0; names != null && n < names.size(); n++) {
        String nameAt = at + ".name[" + n + "]";
        Map<String, Object> name = object(names.get(n), nameAt);
        String service = string(name.get("service"), nameAt + ".service");
        String method = string(name.get("method"), nameAt + ".method");
        service = service == null ? "" : service;
        method = method == null ? "" : method;
        if (service.isEmpty() && !method.isEmpty()) {
          throw new ServiceConfigException(nameAt, "a method name needs a service name");
        }
        String key = service + "/" + method;
        if (!seen.add(key)) {
          throw new ServiceConfigException(nameAt, "duplicate name "
              + (service.isEmpty() ? "{} (the default)" : "'" + key + "'")
              + ": each name may appear once in a service config");
        }
        if (service.isEmpty()) {
          dflt = parsed;
        } else if (method.isEmpty()) {
          byService.put(service, parsed);
        } else {
          byMethod.put(key, parsed);
        }
      }
    }
    String[] policy = new String[1];
    Map<String, ?> policyConfig = loadBalancing(root, policy);
    RetryThrottling throttling = throttling(root.get("retryThrottling"), "$.retryThrottling");
    String healthService = null;
    Map<String, Object> health = object(root.get("healthCheckConfig"), "$.healthCheckConfig");
    if (health != null) {
      healthService = string(health.get("serviceName"), "$.healthCheckConfig.serviceName");
    }
    return new ServiceConfig(byMethod, byService, dflt, policy[0], policyConfig, throttling,
        healthService);
  }

  private static MethodConfig methodConfig(Map<String, Object> mc, String at) {
    Long timeout = duration(mc.get("timeout"), at + ".timeout");
    Object wfr = present(mc.get("waitForReady"));
    if (wfr != null && !(wfr instanceof Boolean)) {
      throw new ServiceConfigException(at + ".waitForReady", "must be true or false, not " + wfr);
    }
    Integer maxReq = size(mc.get("maxRequestMessageBytes"), at + ".maxRequestMessageBytes");
    Integer maxResp = size(mc.get("maxResponseMessageBytes"), at + ".maxResponseMessageBytes");
    Map<String, Object> retry = object(mc.get("retryPolicy"), at + ".retryPolicy");
    Map<String, Object> hedging = object(mc.get("hedgingPolicy"), at + ".hedgingPolicy");
    if (retry != null && hedging != null) {
      throw new ServiceConfigException(at, "a methodConfig has a retryPolicy or a hedgingPolicy,"
          + " not both");
    }
    return new MethodConfig(timeout, (Boolean) wfr, maxReq, maxResp,
        retry == null ? null : retryPolicy(retry, at + ".retryPolicy"),
        hedging == null ? null : hedgingPolicy(hedging, at + ".hedgingPolicy"));
  }

  private static RetryPolicy retryPolicy(Map<String, Object> p, String at) {
    int maxAttempts = maxAttempts(p.get("maxAttempts"), at + ".maxAttempts");
    Long initial = duration(p.get("initialBackoff"), at + ".initialBackoff");
    Long max = duration(p.get("maxBackoff"), at + ".maxBackoff");
    requirePositive(initial, at + ".initialBackoff");
    requirePositive(max, at + ".maxBackoff");
    BigDecimal multiplier = number(p.get("backoffMultiplier"), at + ".backoffMultiplier");
    if (multiplier == null || multiplier.signum() <= 0) {
      throw new ServiceConfigException(at + ".backoffMultiplier",
          multiplier == null ? "required" : "must be greater than 0, not " + multiplier);
    }
    Set<Status.Code> codes = codes(p.get("retryableStatusCodes"), at + ".retryableStatusCodes");
    if (codes == null || codes.isEmpty()) {
      throw new ServiceConfigException(at + ".retryableStatusCodes",
          "required, with at least one status code");
    }
    if (codes.contains(Status.Code.OK)) {
      throw new ServiceConfigException(at + ".retryableStatusCodes", "OK cannot be retried");
    }
    return new RetryPolicy(maxAttempts, initial, max, multiplier.doubleValue(), codes);
  }

  private static HedgingPolicy hedgingPolicy(Map<String, Object> p, String at) {
    int maxAttempts = maxAttempts(p.get("maxAttempts"), at + ".maxAttempts");
    Long delay = duration(p.get("hedgingDelay"), at + ".hedgingDelay");
    Set<Status.Code> codes = codes(p.get("nonFatalStatusCodes"), at + ".nonFatalStatusCodes");
    return new HedgingPolicy(maxAttempts, delay == null ? 0 : delay,
        codes == null ? Set.of() : codes);
  }

  private static RetryThrottling throttling(Object raw, String at) {
    Map<String, Object> t = object(raw, at);
    if (t == null) {
      return null;
    }
    BigDecimal max = number(t.get("maxTokens"), at + ".maxTokens");
    if (max == null || max.signum() <= 0 || max.compareTo(BigDecimal.valueOf(1000)) > 0
        || max.stripTrailingZeros().scale() > 0) {
      throw new ServiceConfigException(at + ".maxTokens", max == null ? "required"
          : "must be a whole number in 1..1000, not " + max);
    }
    BigDecimal ratio = number(t.get("tokenRatio"), at + ".tokenRatio");
    if (ratio == null || ratio.signum() <= 0) {
      throw new ServiceConfigException(at + ".tokenRatio", ratio == null ? "required"
          : "must be greater than 0, not " + ratio);
    }
    return new RetryThrottling(max.intValue(), ratio.doubleValue());
  }

  /** The first policy of {@code loadBalancingConfig} the registry knows, else the old field. */
  private static Map<String, ?> loadBalancing(Map<String, Object> root, String[] name) {
    LoadBalancerRegistry registry = LoadBalancerRegistry.getDefault();
    List<Object> configs = list(root.get("loadBalancingConfig"), "$.loadBalancingConfig");
    if (configs != null) {
      Set<String> unknown = new LinkedHashSet<>();
      for (int i = 0; i < configs.size(); i++) {
        String at = "$.loadBalancingConfig[" + i + "]";
        Map<String, Object> entry = object(configs.get(i), at);
        if (entry.size() != 1) {
          throw new ServiceConfigException(at, "each entry names exactly one policy, this one has "
              + entry.size());
        }
        String policy = entry.keySet().iterator().next();
        LoadBalancerProvider provider = registry.provider(policy);
        if (provider == null) {
          unknown.add(policy);
          continue;
        }
        Map<String, Object> config = object(entry.get(policy), at + "." + policy);
        config = config == null ? Map.of() : config;
        try {
          provider.parseConfig(config);
        } catch (IllegalArgumentException e) {
          throw new ServiceConfigException(at + "." + policy, e.getMessage());
        }
        name[0] = policy;
        return config;
      }
      if (!configs.isEmpty()) {
        throw new ServiceConfigException("$.loadBalancingConfig", "no policy this channel knows"
            + " (listed: " + unknown + "; known: " + registry.policyNames() + ")");
      }
    }
    String old = string(root.get("loadBalancingPolicy"), "$.loadBalancingPolicy");
    if (old != null) {
      String policy = old.toLowerCase(Locale.ROOT);
      if (registry.provider(policy) == null) {
        throw new ServiceConfigException("$.loadBalancingPolicy", "unknown policy '" + old
            + "' (known: " + registry.policyNames() + ")");
      }
      name[0] = policy;
    }
    return Map.of();
  }

  // ---------------------------------------------------------------- typed values

  private static Object present(Object v) {
    return v == Json.NULL ? null : v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object v, String at) {
    v = present(v);
    if (v == null || v instanceof Map) {
      return (Map<String, Object>) v;
    }
    throw new ServiceConfigException(at, "must be a JSON object, not " + describe(v));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object v, String at) {
    v = present(v);
    if (v == null || v instanceof List) {
      return (List<Object>) v;
    }
    throw new ServiceConfigException(at, "must be a JSON array, not " + describe(v));
  }

  private static String string(Object v, String at) {
    v = present(v);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new ServiceConfigException(at, "must be a string, not " + describe(v));
  }

  /** A number, or a string holding one (proto3 JSON writes 64-bit integers as strings). */
  private static BigDecimal number(Object v, String at) {
    v = present(v);
    if (v == null || v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        throw new ServiceConfigException(at, "must be a number, not \"" + s + "\"");
      }
    }
    throw new ServiceConfigException(at, "must be a number, not " + describe(v));
  }

  private static int maxAttempts(Object v, String at) {
    BigDecimal n = number(v, at);
    if (n == null) {
      throw new ServiceConfigException(at, "required");
    }
    if (n.stripTrailingZeros().scale() > 0 || n.compareTo(BigDecimal.valueOf(2)) < 0) {
      throw new ServiceConfigException(at, "must be a whole number of at least 2, not " + n);
    }
    return n.compareTo(BigDecimal.valueOf(ServiceConfig.MAX_ATTEMPTS)) > 0
        ? ServiceConfig.MAX_ATTEMPTS : n.intValue();
  }

  /** A byte count: whole, not negative; above {@code Integer.MAX_VALUE} means no limit. */
  private static Integer size(Object v, String at) {
    BigDecimal n = number(v, at);
    if (n == null) {
      return null;
    }
    if (n.stripTrailingZeros().scale() > 0 || n.signum() < 0) {
      throw new ServiceConfigException(at, "must be a whole number of bytes, 0 or more, not " + n);
    }
    return n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE
        : n.intValue();
  }

  /** A proto3 JSON duration ({@code "1.5s"}: seconds, up to 9 decimals, then 's') in nanos. */
  static Long duration(Object v, String at) {
    String s = string(v, at);
    if (s == null) {
      return null;
    }
    if (!s.matches("-?[0-9]{1,12}(\\.[0-9]{1,9})?s")) {
      throw new ServiceConfigException(at, "must be a duration such as \"1.5s\" (seconds, up to"
          + " nine decimals, then 's'), not \"" + s + "\"");
    }
    BigDecimal seconds = new BigDecimal(s.substring(0, s.length() - 1));
    if (seconds.signum() < 0) {
      throw new ServiceConfigException(at, "must not be negative: \"" + s + "\"");
    }
    return seconds.movePointRight(9).longValueExact();
  }

  private static void requirePositive(Long nanos, String at) {
    if (nanos == null) {
      throw new ServiceConfigException(at, "required");
    }
    if (nanos <= 0) {
      throw new ServiceConfigException(at, "must be greater than 0s");
    }
  }

  private static Set<Status.Code> codes(Object v, String at) {
    List<Object> list = list(v, at);
    if (list == null) {
      return null;
    }
    Set<Status.Code> codes = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      codes.add(code(list.get(i), at + "[" + i + "]"));
    }
    return codes;
  }

  private static Status.Code code(Object v, String at) {
    if (v instanceof String s) {
      try {
        return Status.Code.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ServiceConfigException(at, "unknown status code \"" + s + "\"");
      }
    }
    if (v instanceof BigDecimal n) {
      if (n.stripTrailingZeros().scale() <= 0 && n.signum() >= 0
          && n.compareTo(BigDecimal.valueOf(16)) <= 0) {
        return Status.Code.fromValue(n.intValue());
      }
      throw new ServiceConfigException(at, "unknown status code " + n);
    }
    throw new ServiceConfigException(at, "must be a status code name or number, not "
        + describe(v));
  }

  private static String describe(Object v) {
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof String s) {
      return "the string \"" + s + "\"";
    }
    return String.valueOf(v);
  }
}
