package dev.sluice.interop;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags in the form the gRPC interop harnesses use: {@code --name=value}, or
 * {@code --name} alone for true. Unknown flags are an error, so a typo is not silently ignored.
 */
final class Flags {

  private final Map<String, String> values = new HashMap<>();

  Flags(String[] args, Set<String> known) {
    for (String a : args) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + a + "': flags look like --name=value");
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
      String value = eq < 0 ? "true" : a.substring(eq + 1);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("Unknown flag --" + name + "; known flags: " + known);
      }
      values.put(name, value);
    }
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  int integer(String name, int fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'");
    }
  }

  boolean bool(String name, boolean fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("--" + name + " must be true or false, not '" + v + "'");
  }
}
