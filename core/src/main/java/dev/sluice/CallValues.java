package dev.sluice;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Typed values that travel with one call: an interceptor (or filter) puts them when the call
 * starts or its headers arrive, and the handler, the application and other interceptors read them
 * — an authenticated user, a tenant, a request id. The stub layer's {@code CallContext} carries a
 * server call's values into the client calls made while handling it.
 *
 * <pre>{@code
 * static final CallValues.Key<String> TENANT = CallValues.key("tenant");
 * // in a server interceptor:  info.values().put(TENANT, headers.get("x-tenant"));
 * // in the handler:           call.values().get(TENANT)
 * }</pre>
 *
 * <p>Thread-safe; null values are not stored (putting null removes the key).
 */
public final class CallValues {

  /** A typed key; keys are compared by identity, so keep each in a constant. */
  public static final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** {@return the name given at creation, for logs} */
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "CallValues.Key{" + name + "}";
    }
  }

  private final Map<Key<?>, Object> values = new ConcurrentHashMap<>();

  /**
   * A new key named {@code name} (the name is for logs only: two keys are never the same).
   *
   * @param <T> the type of the values stored under the key
   * @param name the key's name in logs
   * @return a key equal only to itself
   */
  public static <T> Key<T> key(String name) {
    return new Key<>(name);
  }

  /**
   * {@return the value of {@code key}, or null}
   *
   * @param <T> the value's type
   * @param key the key to look up
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    return (T) values.get(Objects.requireNonNull(key, "key"));
  }

  /**
   * Sets {@code key} to {@code value}; null removes it.
   *
   * @param <T> the value's type
   * @param key the key to set
   * @param value the value, or null to remove it
   */
  public <T> void put(Key<T> key, T value) {
    Objects.requireNonNull(key, "key");
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, value);
    }
  }

  /**
   * Copies every value of {@code other} into this one.
   *
   * @param other the values to copy; it is unchanged
   */
  public void putAll(CallValues other) {
    values.putAll(other.values);
  }

  /** {@return true when no value is set} */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public String toString() {
    return "CallValues" + values;
  }
}
