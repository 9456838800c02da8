package dev.sluice.h2.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The percent-encoding of {@code grpc-message}: the UTF-8 bytes of the text, with every byte
 * outside printable ASCII ({@code 0x20..0x7E}) and {@code %} itself written as {@code %XX}.
 * Decoding is lenient, as the protocol asks: a malformed escape is kept as it stands.
 */
public final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  public static String encode(String text) {
    boolean plain = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '%') {
        plain = false;
        break;
      }
    }
    if (plain) {
      return text;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(utf8.length * 3);
    for (byte b : utf8) {
      int v = b & 0xFF;
      if (v < 0x20 || v > 0x7E || v == '%') {
        sb.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
      } else {
        sb.append((char) v);
      }
    }
    return sb.toString();
  }

  public static String decode(String wire) {
    if (wire.indexOf('%') < 0) {
      return wire;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length());
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (c == '%' && i + 2 < wire.length()) {
        int hi = Character.digit(wire.charAt(i + 1), 16);
        int lo = Character.digit(wire.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      out.write(c & 0xFF);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
