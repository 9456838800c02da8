package dev.sluice.inproc;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The JVM-wide table of in-process server names. Thread-safe. */
final class InProcessRegistry {

  private static final ConcurrentMap<String, InProcessServerListener> LISTENERS =
      new ConcurrentHashMap<>();

  private InProcessRegistry() {}

  /** Registers {@code listener} under {@code name}; false when the name is taken. */
  static boolean register(String name, InProcessServerListener listener) {
    return LISTENERS.putIfAbsent(name, listener) == null;
  }

  /** Removes {@code name} if {@code listener} still holds it. */
  static void unregister(String name, InProcessServerListener listener) {
    LISTENERS.remove(name, listener);
  }

  /** The listener for {@code name}, or null. */
  static InProcessServerListener lookup(String name) {
    return LISTENERS.get(name);
  }
}
