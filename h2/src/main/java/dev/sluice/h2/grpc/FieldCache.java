package dev.sluice.h2.grpc;

import dev.sluice.h2.hpack.HeaderField;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Header fields whose values repeat from call to call (a method's {@code :path}, a channel's
 * {@code :authority}), made once and shared. Bounded: past {@code capacity} values a name's new
 * values are made per call and not kept, so a peer or an application with unbounded distinct
 * values cannot grow it. Thread-safe.
 */
final class FieldCache {

  private final int capacity;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, HeaderField>> byName =
      new ConcurrentHashMap<>();

  FieldCache(int capacity) {
    this.capacity = capacity;
  }

  /** The field {@code name: value}, shared when it has been seen before. */
  HeaderField get(String name, String value) {
    ConcurrentHashMap<String, HeaderField> values =
        byName.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    HeaderField f = values.get(value);
    if (f != null) {
      return f;
    }
    f = HeaderField.of(name, value);
    if (values.size() < capacity) {
      HeaderField raced = values.putIfAbsent(value, f);
      return raced != null ? raced : f;
    }
    return f;
  }
}
