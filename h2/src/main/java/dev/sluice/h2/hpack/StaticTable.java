package dev.sluice.h2.hpack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 61-entry static table of RFC 7541 Appendix A, indexed from 1.
 *
 * <p>Immutable and thread-safe.
 */
public final class StaticTable {

  /** Number of entries; dynamic table indices start right after it (RFC 7541 §2.3.3). */
  public static final int LENGTH = 61;

  private static final List<HeaderField> ENTRIES = List.of(
      HeaderField.of(":authority", ""),
      HeaderField.of(":method", "GET"),
      HeaderField.of(":method", "POST"),
      HeaderField.of(":path", "/"),
      HeaderField.of(":path", "/index.html"),
      HeaderField.of(":scheme", "http"),
      HeaderField.of(":scheme", "https"),
      HeaderField.of(":status", "200"),
      HeaderField.of(":status", "204"),
      HeaderField.of(":status", "206"),
      HeaderField.of(":status", "304"),
      HeaderField.of(":status", "400"),
      HeaderField.of(":status", "404"),
      HeaderField.of(":status", "500"),
      HeaderField.of("accept-charset", ""),
      HeaderField.of("accept-encoding", "gzip, deflate"),
      HeaderField.of("accept-language", ""),
      HeaderField.of("accept-ranges", ""),
      HeaderField.of("accept", ""),
      HeaderField.of("access-control-allow-origin", ""),
      HeaderField.of("age", ""),
      HeaderField.of("allow", ""),
      HeaderField.of("authorization", ""),
      HeaderField.of("cache-control", ""),
      HeaderField.of("content-disposition", ""),
      HeaderField.of("content-encoding", ""),
      HeaderField.of("content-language", ""),
      HeaderField.of("content-length", ""),
      HeaderField.of("content-location", ""),
      HeaderField.of("content-range", ""),
      HeaderField.of("content-type", ""),
      HeaderField.of("cookie", ""),
      HeaderField.of("date", ""),
      HeaderField.of("etag", ""),
      HeaderField.of("expect", ""),
      HeaderField.of("expires", ""),
      HeaderField.of("from", ""),
      HeaderField.of("host", ""),
      HeaderField.of("if-match", ""),
      HeaderField.of("if-modified-since", ""),
      HeaderField.of("if-none-match", ""),
      HeaderField.of("if-range", ""),
      HeaderField.of("if-unmodified-since", ""),
      HeaderField.of("last-modified", ""),
      HeaderField.of("link", ""),
      HeaderField.of("location", ""),
      HeaderField.of("max-forwards", ""),
      HeaderField.of("proxy-authenticate", ""),
      HeaderField.of("proxy-authorization", ""),
      HeaderField.of("range", ""),
      HeaderField.of("referer", ""),
      HeaderField.of("refresh", ""),
      HeaderField.of("retry-after", ""),
      HeaderField.of("server", ""),
      HeaderField.of("set-cookie", ""),
      HeaderField.of("strict-transport-security", ""),
      HeaderField.of("transfer-encoding", ""),
      HeaderField.of("user-agent", ""),
      HeaderField.of("vary", ""),
      HeaderField.of("via", ""),
      HeaderField.of("www-authenticate", ""));

  /** Lowest index for each name; several names (":method", ":status"...) repeat. */
  private static final Map<String, Integer> BY_NAME = new HashMap<>();

  /**
   * Index of each exact (name, value) pair, by name then value (the table holds no duplicate
   * pairs): two lookups with the caller's strings, so encoding a field allocates nothing.
   */
  private static final Map<String, Map<String, Integer>> BY_NAME_VALUE = new HashMap<>();

  static {
    for (int i = ENTRIES.size(); i >= 1; i--) {
      HeaderField f = ENTRIES.get(i - 1);
      BY_NAME.put(f.name(), i); // iterating downwards leaves the lowest index
      BY_NAME_VALUE.computeIfAbsent(f.name(), n -> new HashMap<>()).put(f.value(), i);
    }
  }

  private StaticTable() {}

  /**
   * Returns the entry at {@code index}, 1 to {@link #LENGTH}.
   *
   * @throws IndexOutOfBoundsException if the index is outside the static table
   */
  public static HeaderField get(int index) {
    return ENTRIES.get(index - 1);
  }

  /** Index of the exact (name, value) pair, or -1 if absent. */
  public static int indexOf(String name, String value) {
    Map<String, Integer> values = BY_NAME_VALUE.get(name);
    return values == null ? -1 : values.getOrDefault(value, -1);
  }

  /** Lowest index of an entry named {@code name}, or -1 if absent. */
  public static int indexOfName(String name) {
    return BY_NAME.getOrDefault(name, -1);
  }
}
