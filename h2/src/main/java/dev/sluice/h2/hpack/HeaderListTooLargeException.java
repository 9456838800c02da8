package dev.sluice.h2.hpack;

/**
 * A header block decoded cleanly but its header list was larger than our
 * SETTINGS_MAX_HEADER_LIST_SIZE (counted as name + value + 32 per field, RFC 9113 §6.5.2).
 *
 * <p>This is stream-scoped: the decoder read the whole block, so its dynamic table is still in
 * step with the peer's and the connection can continue. The caller should reset or reject only the
 * stream the block belonged to (for a server, a 431 response or RST_STREAM). Fields delivered to
 * the listener before the limit tripped are a truncated prefix of the list and should be discarded.
 */
public final class HeaderListTooLargeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the max header list size that was exceeded
   */
  public HeaderListTooLargeException(long limit) {
    super("header list larger than " + limit + " bytes");
    this.limit = limit;
  }

  /** The max header list size that was exceeded. */
  public long limit() {
    return limit;
  }
}
