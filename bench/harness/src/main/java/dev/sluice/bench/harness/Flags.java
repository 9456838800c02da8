package dev.sluice.bench.harness;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line flags of the benchmark programs: {@code --name=value}, {@code --name value} and a
 * bare {@code --name} (true). Unknown names are refused, so a misspelt flag never silently runs
 * the default.
 */
public final class Flags {

  private final Map<String, String> values = new HashMap<>();

  /** Parses {@code args}, accepting only the flag names in {@code known}. */
  public Flags(String[] args, Set<String> known) {
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
        throw new IllegalArgumentException(
            "Unknown flag --" + name + "; known: " + new TreeSet<>(known));
      }
      values.put(name, value);
    }
  }

  /** As the constructor, but a bad command line prints why and exits with status 2. */
  public static Flags parseOrExit(String[] args, String... known) {
    try {
      return new Flags(args, Set.of(known));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw e; // not reached
    }
  }

  /** Whether the flag was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The flag's text, or {@code dflt}. */
  public String string(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  /** The flag as an int, or {@code dflt}. */
  public int integer(String name, int dflt) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : dflt;
  }

  /** The flag as a boolean ({@code true} when bare), or {@code dflt}. */
  public boolean bool(String name, boolean dflt) {
    return values.containsKey(name) ? Boolean.parseBoolean(values.get(name)) : dflt;
  }

  /** The flag as seconds, fractions allowed, or {@code dfltSeconds}. */
  public Duration seconds(String name, double dfltSeconds) {
    double s = values.containsKey(name) ? Double.parseDouble(values.get(name)) : dfltSeconds;
    return Duration.ofNanos((long) (s * 1e9));
  }

  /** The flag as {@code host:port}, or {@code dflt} in that form. */
  public InetSocketAddress address(String name, String dflt) {
    String address = string(name, dflt);
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--" + name + " wants host:port, got " + address);
    }
    return new InetSocketAddress(address.substring(0, colon),
        Integer.parseInt(address.substring(colon + 1)));
  }
}
