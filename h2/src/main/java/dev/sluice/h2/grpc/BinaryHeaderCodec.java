package dev.sluice.h2.grpc;

import java.util.Base64;

/**
 * Values of {@code -bin} metadata keys on the wire: base64. We send without padding, and accept
 * padded or unpadded input, as the protocol asks.
 */
public final class BinaryHeaderCodec {

  private BinaryHeaderCodec() {}

  public static String encode(byte[] value) {
    return Base64.getEncoder().withoutPadding().encodeToString(value);
  }

  /**
   * @throws IllegalArgumentException when the text is not base64
   */
  public static byte[] decode(String wire) {
    String s = wire.trim();
    // The JDK decoder accepts both padded and unpadded input.
    return Base64.getDecoder().decode(s);
  }
}
