package dev.sluice.bench.compare;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name=value}, {@code --name value} and bare {@code --name} (true) flags. */
final class Flags {

  private final Map<String, String> values = new HashMap<>();

  Flags(String[] args, Set<String> known) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("Not a flag: " + a);
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        value = "true";
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("Unknown flag --" + name + "; known: " + known);
      }
      values.put(name, value);
    }
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  int integer(String name, int dflt) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : dflt;
  }

  double decimal(String name, double dflt) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : dflt;
  }

  boolean bool(String name, boolean dflt) {
    return values.containsKey(name) ? Boolean.parseBoolean(values.get(name)) : dflt;
  }
}
