package dev.sluice.h2.hpack;

/**
 * Receives the fields of a header block from {@link HpackDecoder}, one call per field, in block
 * order, on the thread that called {@code decode}.
 *
 * <p>Names and values are the raw octets of the field as ISO-8859-1 strings (each char is one byte,
 * 0..255), so no byte is lost or replaced; validating them (lowercase names, no CR/LF, pseudo-header
 * rules of RFC 9113 §8.2/§8.3) is the caller's job, not HPACK's.
 */
@FunctionalInterface
public interface HeaderListener {

  /**
   * Called for each decoded field.
   *
   * @param name the field name, as ISO-8859-1
   * @param value the field value, as ISO-8859-1
   * @param sensitive true if the peer sent it as a never-indexed literal (RFC 7541 §6.2.3); a proxy
   *     forwarding it must keep it never-indexed (RFC 7541 §7.1.3)
   */
  void onHeader(String name, String value, boolean sensitive);

  /**
   * Called instead of {@link #onHeader} for a field the peer sent as an index into the static or
   * dynamic table (RFC 7541 §6.1): {@code field} is the table's own entry, never sensitive, which
   * a caller may keep rather than build an object of its own. In a steady stream of calls most
   * fields arrive this way. The default passes its name and value to {@link #onHeader}.
   */
  default void onIndexedField(HeaderField field) {
    onHeader(field.name(), field.value(), false);
  }
}
