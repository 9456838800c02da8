package dev.sluice.channel;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Typed key-value pairs that name resolvers hand to load balancers (per endpoint and for a whole
 * resolution result). Keys compare by identity, so two libraries never clash on a name.
 * Immutable.
 */
public final class Attributes {

  /** No attributes. */
  public static final Attributes EMPTY = new Attributes(Map.of());

  /** A key; create each once and keep it in a constant. */
  public static final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * A new key; {@code name} is for debugging only.
     *
     * @param <T> the type of the values stored under the key
     * @param name the key's name in logs
     * @return a key equal only to itself
     */
    public static <T> Key<T> create(String name) {
      return new Key<>(name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Map<Key<?>, Object> values;

  private Attributes(Map<Key<?>, Object> values) {
    this.values = values;
  }

  /**
   * {@return the value for {@code key}, or null}
   *
   * @param <T> the value's type
   * @param key the key to look up
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    return (T) values.get(key);
  }

  /** {@return true when there is no attribute} */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * A copy with {@code key} set to {@code value}.
   *
   * @param <T> the value's type
   * @param key the key to set
   * @param value the value to store under {@code key}
   * @return a new attribute set; this one is unchanged
   */
  public <T> Attributes with(Key<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Map<Key<?>, Object> copy = new IdentityHashMap<>(values);
    copy.put(key, value);
    return new Attributes(Collections.unmodifiableMap(copy));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attributes other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
