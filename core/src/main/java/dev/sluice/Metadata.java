package dev.sluice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Call headers or trailers: an ordered multimap from lower-case keys to values.
 *
 * <p>Keys follow the gRPC wire spec: one or more of {@code 0-9 a-z _ - .}. A key ending in
 * {@code -bin} carries bytes (sent base64-encoded on HTTP/2); any other key carries a string of
 * printable ASCII ({@code 0x20..0x7E}). Entries keep the order in which they were added, and a
 * key may repeat. Upper-case keys are lower-cased on entry, as HTTP/2 requires.
 *
 * <p>Not thread-safe: a Metadata belongs to one owner at a time. Once handed to a call or a
 * batch it belongs to the call until the operation completes.
 */
public final class Metadata {

  /** Per-entry overhead that HPACK counts in a header list's size (RFC 7541 §4.1). */
  public static final int ENTRY_OVERHEAD = 32;

  /** The suffix of keys that carry bytes. */
  public static final String BINARY_SUFFIX = "-bin";

  /** One entry: an ASCII key and either a {@link String} or a {@code byte[]} value. */
  public record Entry(String key, Object value) {
    public boolean isBinary() {
      return value instanceof byte[];
    }

    /** The string value; fails for a binary entry. */
    public String stringValue() {
      return (String) value;
    }

    /** A copy of the binary value; fails for an ASCII entry. */
    public byte[] binaryValue() {
      return ((byte[]) value).clone();
    }
  }

  private final ArrayList<String> keys;
  private final ArrayList<Object> values;

  public Metadata() {
    keys = new ArrayList<>(4);
    values = new ArrayList<>(4);
  }

  /** A copy of {@code other}; binary values are shared, since entries are never mutated. */
  public Metadata(Metadata other) {
    keys = new ArrayList<>(other.keys);
    values = new ArrayList<>(other.values);
  }

  /** Adds an ASCII entry. */
  public Metadata add(String key, String value) {
    String k = checkKey(key);
    if (isBinaryKey(k)) {
      throw new IllegalArgumentException("Key '" + k + "' ends in -bin: use addBinary");
    }
    checkAsciiValue(k, value);
    keys.add(k);
    values.add(value);
    return this;
  }

  /** Adds a binary entry; {@code key} must end in {@code -bin}. The array is copied. */
  public Metadata addBinary(String key, byte[] value) {
    String k = checkKey(key);
    if (!isBinaryKey(k)) {
      throw new IllegalArgumentException("Key '" + k + "' carries bytes so must end in -bin");
    }
    Objects.requireNonNull(value, "value");
    keys.add(k);
    values.add(value.clone());
    return this;
  }

  /** Adds every entry of {@code other}, in order. */
  public Metadata addAll(Metadata other) {
    keys.addAll(other.keys);
    values.addAll(other.values);
    return this;
  }

  /** The last ASCII value added under {@code key}, or null. */
  public String get(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (keys.get(i).equals(k) && values.get(i) instanceof String s) {
        return s;
      }
    }
    return null;
  }

  /** The last binary value added under {@code key} (a copy), or null. */
  public byte[] getBinary(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (keys.get(i).equals(k) && values.get(i) instanceof byte[] b) {
        return b.clone();
      }
    }
    return null;
  }

  /** Every ASCII value under {@code key}, in the order added. */
  public List<String> getAll(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(k) && values.get(i) instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  /** Every binary value under {@code key} (copies), in the order added. */
  public List<byte[]> getAllBinary(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(k) && values.get(i) instanceof byte[] b) {
        out.add(b.clone());
      }
    }
    return out;
  }

  public boolean containsKey(String key) {
    return keys.contains(key.toLowerCase(java.util.Locale.ROOT));
  }

  /** Removes every entry under {@code key}; returns how many were removed. */
  public int removeAll(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    int removed = 0;
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (keys.get(i).equals(k)) {
        keys.remove(i);
        values.remove(i);
        removed++;
      }
    }
    return removed;
  }

  /** The distinct keys, in order of first appearance. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(keys));
  }

  /** The entries in order. Binary values in the returned entries must not be modified. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      out.add(new Entry(keys.get(i), values.get(i)));
    }
    return out;
  }

  /** Number of entries (not distinct keys). */
  public int size() {
    return keys.size();
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /**
   * The size HPACK counts for these entries: name length + value length + 32 per entry, with a
   * binary value counted at its unpadded base64 length, as it travels on HTTP/2.
   */
  public long headerListSize() {
    long total = 0;
    for (int i = 0; i < keys.size(); i++) {
      Object v = values.get(i);
      int valueLength = v instanceof byte[] b ? base64Length(b.length) : ((String) v).length();
      total += keys.get(i).length() + valueLength + ENTRY_OVERHEAD;
    }
    return total;
  }

  /** Unpadded base64 length of {@code n} bytes. */
  static int base64Length(int n) {
    return (n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
  }

  public static boolean isBinaryKey(String key) {
    return key.endsWith(BINARY_SUFFIX);
  }

  /**
   * True for keys the gRPC library owns and an application may not send: every {@code grpc-}
   * key, and the HTTP/2 headers the transport writes itself. Calls drop them from application
   * metadata before sending.
   */
  public static boolean isReserved(String key) {
    return key.startsWith("grpc-")
        || key.equals("content-type")
        || key.equals("te")
        || key.equals("host")
        || key.equals("connection");
  }

  /**
   * A copy without the {@linkplain #isReserved reserved} keys: what an application may send.
   * Returns this metadata itself when it holds none.
   */
  public Metadata withoutReserved() {
    boolean any = false;
    for (String k : keys) {
      if (isReserved(k)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return this;
    }
    Metadata out = new Metadata();
    for (int i = 0; i < keys.size(); i++) {
      if (!isReserved(keys.get(i))) {
        out.keys.add(keys.get(i));
        out.values.add(values.get(i));
      }
    }
    return out;
  }

  /** Validates a key as the gRPC spec defines Header-Name; returns it lower-cased. */
  static String checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("Metadata key must not be empty");
    }
    String k = key.toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '-'
          || c == '.';
      if (!ok) {
        throw new IllegalArgumentException(
            "Metadata key '" + key + "' has character '" + c + "' at " + i
                + "; keys may use only 0-9 a-z _ - .");
      }
    }
    return k;
  }

  private static void checkAsciiValue(String key, String value) {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(
            "Value of metadata key '" + key + "' has a non-printable or non-ASCII character (0x"
                + Integer.toHexString(c) + ") at " + i
                + "; send such data under a key ending in -bin");
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Metadata{");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = values.get(i);
      sb.append(keys.get(i)).append('=');
      sb.append(v instanceof byte[] b ? "<" + b.length + " bytes>" : v);
    }
    return sb.append('}').toString();
  }
}
