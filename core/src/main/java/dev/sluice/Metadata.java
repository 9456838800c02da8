package dev.sluice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

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
    /** {@return true when the value is bytes (the key ends in {@code -bin})} */
    public boolean isBinary() {
      return value instanceof byte[];
    }

    /**
     * The string value; fails for a binary entry.
     *
     * @return the value as text
     */
    public String stringValue() {
      return (String) value;
    }

    /**
     * A copy of the binary value; fails for an ASCII entry.
     *
     * @return the value's bytes, copied
     */
    public byte[] binaryValue() {
      return ((byte[]) value).clone();
    }
  }

  private static final Object[] NONE = {};

  /**
   * Key at {@code 2i}, value ({@link String} or {@code byte[]}) at {@code 2i + 1}. One array,
   * allocated on the first add: most calls carry no metadata at all, and an empty instance
   * then costs a single small object.
   */
  private Object[] kv = NONE;
  private int count;

  /** Empty metadata. */
  public Metadata() {}

  /**
   * A copy of {@code other}; binary values are shared, since entries are never mutated.
   *
   * @param other the metadata to copy
   */
  public Metadata(Metadata other) {
    if (other.count > 0) {
      // Room for two more entries: a copy is usually made to add to it.
      kv = Arrays.copyOf(other.kv, other.count * 2 + 4);
      count = other.count;
    }
  }

  /**
   * Adds an ASCII entry.
   *
   * @param key the key; lower-cased, and it must not end in {@code -bin}
   * @param value the value, printable ASCII
   * @return this metadata
   */
  public Metadata add(String key, String value) {
    String k = checkKey(key);
    if (isBinaryKey(k)) {
      throw new IllegalArgumentException("Key '" + k + "' ends in -bin: use addBinary");
    }
    checkAsciiValue(k, value);
    append(k, value);
    return this;
  }

  /**
   * Adds a binary entry; {@code key} must end in {@code -bin}. The array is copied.
   *
   * @param key the key; lower-cased
   * @param value the bytes; copied
   * @return this metadata
   */
  public Metadata addBinary(String key, byte[] value) {
    String k = checkKey(key);
    if (!isBinaryKey(k)) {
      throw new IllegalArgumentException("Key '" + k + "' carries bytes so must end in -bin");
    }
    Objects.requireNonNull(value, "value");
    append(k, value.clone());
    return this;
  }

  /**
   * Adds every entry of {@code other}, in order.
   *
   * @param other the metadata whose entries to add
   * @return this metadata
   */
  public Metadata addAll(Metadata other) {
    int n = other.count;
    for (int i = 0; i < n; i++) {
      append(other.key(i), other.value(i));
    }
    return this;
  }

  private void append(String key, Object value) {
    if (count * 2 == kv.length) {
      // Two entries first (most metadata holds one or two), then doubling.
      kv = Arrays.copyOf(kv, Math.max(4, kv.length * 2));
    }
    kv[count * 2] = key;
    kv[count * 2 + 1] = value;
    count++;
  }

  private String key(int i) {
    return (String) kv[i * 2];
  }

  private Object value(int i) {
    return kv[i * 2 + 1];
  }

  /**
   * {@return the last ASCII value added under {@code key}, or null}
   *
   * @param key the key, in any case
   */
  public String get(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    for (int i = count - 1; i >= 0; i--) {
      if (key(i).equals(k) && value(i) instanceof String s) {
        return s;
      }
    }
    return null;
  }

  /**
   * {@return the last binary value added under {@code key} (a copy), or null}
   *
   * @param key the key, in any case; it ends in {@code -bin}
   */
  public byte[] getBinary(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    for (int i = count - 1; i >= 0; i--) {
      if (key(i).equals(k) && value(i) instanceof byte[] b) {
        return b.clone();
      }
    }
    return null;
  }

  /**
   * Every ASCII value under {@code key}, in the order added.
   *
   * @param key the key, in any case
   * @return the values; empty when there is none
   */
  public List<String> getAll(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (key(i).equals(k) && value(i) instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Every binary value under {@code key} (copies), in the order added.
   *
   * @param key the key, in any case; it ends in {@code -bin}
   * @return the values; empty when there is none
   */
  public List<byte[]> getAllBinary(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (key(i).equals(k) && value(i) instanceof byte[] b) {
        out.add(b.clone());
      }
    }
    return out;
  }

  /**
   * Whether an entry has {@code key}.
   *
   * @param key the key, in any case
   * @return true when at least one entry has it
   */
  public boolean containsKey(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < count; i++) {
      if (key(i).equals(k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes every entry under {@code key}; returns how many were removed.
   *
   * @param key the key, in any case
   * @return the number of entries removed
   */
  public int removeAll(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (!key(i).equals(k)) {
        kv[kept * 2] = kv[i * 2];
        kv[kept * 2 + 1] = kv[i * 2 + 1];
        kept++;
      }
    }
    int removed = count - kept;
    Arrays.fill(kv, kept * 2, count * 2, null);
    count = kept;
    return removed;
  }

  /** {@return the distinct keys, in order of first appearance} */
  public Set<String> keys() {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      out.add(key(i));
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * The entries in order. Binary values in the returned entries must not be modified.
   *
   * @return the entries, in the order added
   */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new Entry(key(i), value(i)));
    }
    return out;
  }

  /**
   * Calls {@code visitor} with each entry's key and value ({@link String} or {@code byte[]}, not
   * to be modified), in order, without building entry objects: for transports that encode
   * metadata on every call.
   *
   * @param visitor told each key and value
   */
  public void forEach(BiConsumer<String, Object> visitor) {
    for (int i = 0; i < count; i++) {
      visitor.accept(key(i), value(i));
    }
  }

  /** {@return the number of entries (not of distinct keys)} */
  public int size() {
    return count;
  }

  /** {@return true when there is no entry} */
  public boolean isEmpty() {
    return count == 0;
  }

  /**
   * The size HPACK counts for these entries: name length + value length + 32 per entry, with a
   * binary value counted at its unpadded base64 length, as it travels on HTTP/2.
   *
   * @return the size in bytes
   */
  public long headerListSize() {
    long total = 0;
    for (int i = 0; i < count; i++) {
      Object v = value(i);
      int valueLength = v instanceof byte[] b ? base64Length(b.length) : ((String) v).length();
      total += key(i).length() + valueLength + ENTRY_OVERHEAD;
    }
    return total;
  }

  /** Unpadded base64 length of {@code n} bytes. */
  static int base64Length(int n) {
    return (n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
  }

  /**
   * Whether {@code key} names a binary entry.
   *
   * @param key a lower-case key
   * @return true when it ends in {@code -bin}
   */
  public static boolean isBinaryKey(String key) {
    return key.endsWith(BINARY_SUFFIX);
  }

  /**
   * True for keys the gRPC library owns and an application may not send: every {@code grpc-}
   * key, and the HTTP/2 headers the transport writes itself. Calls drop them from application
   * metadata before sending.
   *
   * @param key a lower-case key
   * @return whether applications may not send it
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
   *
   * @return metadata without reserved keys
   */
  public Metadata withoutReserved() {
    boolean any = false;
    for (int i = 0; i < count; i++) {
      if (isReserved(key(i))) {
        any = true;
        break;
      }
    }
    if (!any) {
      return this;
    }
    Metadata out = new Metadata();
    for (int i = 0; i < count; i++) {
      if (!isReserved(key(i))) {
        out.append(key(i), value(i));
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
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = value(i);
      sb.append(key(i)).append('=');
      sb.append(v instanceof byte[] b ? "<" + b.length + " bytes>" : v);
    }
    return sb.append('}').toString();
  }
}
