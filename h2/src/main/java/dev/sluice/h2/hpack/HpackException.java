package dev.sluice.h2.hpack;

/**
 * A header block could not be decoded: the peer broke RFC 7541.
 *
 * <p>This always means an HTTP/2 COMPRESSION_ERROR, which is connection-scoped (RFC 9113 §4.3):
 * once a block fails part-way, our dynamic table can no longer be trusted to match the peer's, so
 * the connection must end with GOAWAY. The decoder that threw must not be used again.
 */
public final class HpackException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception describing what was wrong with the block.
   *
   * @param message what was malformed, naming the RFC 7541 rule it broke
   */
  public HpackException(String message) {
    super(message);
  }
}
