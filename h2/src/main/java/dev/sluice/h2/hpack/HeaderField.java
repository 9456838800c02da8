package dev.sluice.h2.hpack;

import java.util.Objects;

/**
 * One header field to encode: a name, a value and whether it is sensitive.
 *
 * <p>Both strings hold raw octets as ISO-8859-1 (every char must be 0..255). A sensitive field is
 * always sent as a never-indexed literal (RFC 7541 §6.2.3), so it never enters a compression
 * context where it could be guessed (RFC 7541 §7.1); use it for credentials and cookies with
 * little entropy.
 *
 * @param name field name
 * @param value field value
 * @param sensitive true to send as never-indexed
 */
public record HeaderField(String name, String value, boolean sensitive) {

  /** Per-entry overhead that RFC 7541 §4.1 adds to name and value lengths. */
  public static final int ENTRY_OVERHEAD = 32;

  /** Checks that name and value are present. */
  public HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** A field that may be indexed. */
  public static HeaderField of(String name, String value) {
    return new HeaderField(name, value, false);
  }

  /** A field that must never be indexed, here or by any intermediary. */
  public static HeaderField sensitive(String name, String value) {
    return new HeaderField(name, value, true);
  }

  /** Size of this field as RFC 7541 §4.1 counts it: name and value octets plus 32. */
  public long size() {
    return sizeOf(name, value);
  }

  static long sizeOf(String name, String value) {
    // ISO-8859-1 strings: one char is one octet.
    return (long) name.length() + value.length() + ENTRY_OVERHEAD;
  }
}
