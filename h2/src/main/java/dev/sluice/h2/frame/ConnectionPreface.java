package dev.sluice.h2.frame;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The 24-octet client connection preface of RFC 9113 §3.4, {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}.
 * A client sends it before its first SETTINGS frame; a server expects it before anything else.
 */
public final class ConnectionPreface {
  private static final byte[] BYTES =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** Length of the preface in octets. */
  public static final int LENGTH = BYTES.length;

  private ConnectionPreface() {}

  /** Appends the preface to {@code out}. */
  public static void write(ByteBuf out) {
    out.writeBytes(BYTES);
  }

  /** The preface octet at {@code index}, for matching it incrementally. */
  static byte byteAt(int index) {
    return BYTES[index];
  }
}
