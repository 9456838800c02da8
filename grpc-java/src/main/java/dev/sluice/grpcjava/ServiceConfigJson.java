package dev.sluice.grpcjava;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * grpc-java's service config (the parsed-JSON {@code Map} of {@code
 * ManagedChannelBuilder.defaultServiceConfig}) written back as JSON text for Sluice's parser,
 * with grpc-java's attempt limits applied: {@code maxRetryAttempts} and {@code maxHedgedAttempts}
 * cap each policy's {@code maxAttempts}, and a cap under 2 (one attempt only) drops the policy.
 */
final class ServiceConfigJson {

  private ServiceConfigJson() {}

  /**
   * Checks that {@code config} holds only what JSON can: string keys; null, string, number,
   * boolean, list and map values (grpc-java's own rule for this map).
   *
   * @throws IllegalArgumentException naming the first entry that is none of those
   */
  static Map<String, ?> checked(Map<String, ?> config) {
    check(config, "serviceConfig");
    return config;
  }

  /** The JSON text of {@code config}, policies capped at the given attempt limits. */
  static String write(Map<String, ?> config, int maxRetryAttempts, int maxHedgedAttempts) {
    StringBuilder out = new StringBuilder();
    value(capped(config, maxRetryAttempts, maxHedgedAttempts), out);
    return out.toString();
  }

  private static Map<String, ?> capped(Map<String, ?> config, int maxRetry, int maxHedged) {
    if (!(config.get("methodConfig") instanceof List<?> methods)) {
      return config;
    }
    List<Object> cappedMethods = new ArrayList<>(methods.size());
    for (Object m : methods) {
      if (m instanceof Map<?, ?> mc) {
        Map<Object, Object> copy = new LinkedHashMap<>(mc);
        cap(copy, "retryPolicy", maxRetry);
        cap(copy, "hedgingPolicy", maxHedged);
        cappedMethods.add(copy);
      } else {
        cappedMethods.add(m); // not a method config: Sluice's parser names the problem
      }
    }
    Map<String, Object> out = new LinkedHashMap<>(config);
    out.put("methodConfig", cappedMethods);
    return out;
  }

  private static void cap(Map<Object, Object> methodConfig, String policyName, int limit) {
    if (!(methodConfig.get(policyName) instanceof Map<?, ?> policy)
        || !(policy.get("maxAttempts") instanceof Number n)) {
      return;
    }
    if (limit < 2) {
      methodConfig.remove(policyName); // one attempt: no retries, no hedges
    } else if (n.doubleValue() > limit) {
      Map<Object, Object> p = new LinkedHashMap<>(policy);
      p.put("maxAttempts", limit);
      methodConfig.put(policyName, p);
    }
  }

  private static void check(Object v, String at) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return;
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("Service config keys must be strings; " + at
              + " has the key " + e.getKey());
        }
        check(e.getValue(), at + "." + key);
      }
      return;
    }
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        check(l.get(i), at + "[" + i + "]");
      }
      return;
    }
    throw new IllegalArgumentException("Service config value " + at + " is a "
        + v.getClass().getName() + ": only null, String, Number, Boolean, List and Map fit JSON");
  }

  private static void value(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Boolean b) {
      out.append(b);
    } else if (v instanceof Number n) {
      number(n, out);
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string((String) e.getKey(), out);
        out.append(':');
        value(e.getValue(), out);
      }
      out.append('}');
    } else {
      out.append('[');
      List<?> l = (List<?>) v;
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(l.get(i), out);
      }
      out.append(']');
    }
  }

  private static void number(Number n, StringBuilder out) {
    double d = n.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("Service config number " + n + " has no JSON form");
    }
    if ((n instanceof Double || n instanceof Float) && d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d); // grpc-java's JSON parser makes every number a Double: 5.0 is 5
    } else {
      out.append(n);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
