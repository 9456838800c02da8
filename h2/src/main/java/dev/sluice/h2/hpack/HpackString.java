package dev.sluice.h2.hpack;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * String literals (RFC 7541 §5.2): a Huffman flag, a 7-bit-prefix length, then the octets.
 */
final class HpackString {

  private static final int HUFFMAN_FLAG = 0x80;

  private HpackString() {}

  /**
   * Writes {@code s} as a string literal, Huffman-coded only if {@code huffman} allows it and it
   * comes out strictly shorter. The caller has checked {@code s} with {@link #requireLatin1}.
   */
  static void encode(ByteBuf out, String s, boolean huffman) {
    if (huffman) {
      int coded = Huffman.encodedLength(s);
      if (coded < s.length()) {
        HpackInteger.encode(out, HUFFMAN_FLAG, 7, coded);
        Huffman.encode(s, out);
        return;
      }
    }
    HpackInteger.encode(out, 0, 7, s.length());
    out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads a string literal at the reader index.
   *
   * @param maxLength longest encoded length worth reading; a longer string is skipped without
   *     allocating anything and {@code null} is returned, so a hostile length can never make us
   *     allocate more than this
   * @return the string as ISO-8859-1, or {@code null} if it was longer than {@code maxLength}
   * @throws HpackException if the length runs past the block or the Huffman data is invalid
   */
  static String decode(ByteBuf in, int maxLength) throws HpackException {
    if (!in.isReadable()) {
      throw new HpackException("block ends before a string literal (RFC 7541 §5.2)");
    }
    boolean huffman = (in.getByte(in.readerIndex()) & HUFFMAN_FLAG) != 0;
    int length = HpackInteger.decode(in, 7);
    if (length > in.readableBytes()) {
      throw new HpackException(
          "string length " + length + " runs past the end of the block (RFC 7541 §5.2)");
    }
    if (length > maxLength) {
      in.skipBytes(length);
      return null;
    }
    if (huffman) {
      return Huffman.decode(in, length);
    }
    String s = in.toString(in.readerIndex(), length, StandardCharsets.ISO_8859_1);
    in.skipBytes(length);
    return s;
  }

  static void requireLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        throw new IllegalArgumentException(
            "header strings must be ISO-8859-1 octets; char " + (int) s.charAt(i) + " at " + i);
      }
    }
  }
}
