package dev.sluice.h2.hpack;

import io.netty.buffer.ByteBuf;

/**
 * Integers with an N-bit prefix (RFC 7541 §5.1).
 *
 * <p>Values are non-negative ints: anything a peer encodes past {@link Integer#MAX_VALUE} is
 * rejected, since no length, index or table size we accept comes near it.
 */
final class HpackInteger {

  private HpackInteger() {}

  /**
   * Writes {@code value} with a {@code prefixBits}-bit prefix; {@code flags} supplies the bits of
   * the first octet above the prefix (the representation's pattern, e.g. 0x80 for indexed).
   */
  static void encode(ByteBuf out, int flags, int prefixBits, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.writeByte(flags | value);
      return;
    }
    out.writeByte(flags | max);
    int rest = value - max;
    while (rest >= 0x80) {
      out.writeByte((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.writeByte(rest);
  }

  /**
   * Reads an integer whose first octet is at the reader index, keeping only its low
   * {@code prefixBits} bits, and advances past it.
   *
   * @throws HpackException if the block ends inside the integer or it exceeds a 32-bit int
   */
  static int decode(ByteBuf in, int prefixBits) throws HpackException {
    if (!in.isReadable()) {
      throw new HpackException("block ends inside an integer (RFC 7541 §5.1)");
    }
    int max = (1 << prefixBits) - 1;
    int value = in.readUnsignedByte() & max;
    if (value < max) {
      return value;
    }
    long result = max;
    int shift = 0;
    while (true) {
      if (!in.isReadable()) {
        throw new HpackException("block ends inside an integer (RFC 7541 §5.1)");
      }
      int b = in.readUnsignedByte();
      // Checking before adding keeps the shift small, so a stream of 0x80 octets cannot loop
      // forever or wrap around.
      if (shift > 28) {
        throw new HpackException("integer overflows 32 bits (RFC 7541 §5.1)");
      }
      result += (long) (b & 0x7F) << shift;
      if (result > Integer.MAX_VALUE) {
        throw new HpackException("integer overflows 32 bits (RFC 7541 §5.1)");
      }
      if ((b & 0x80) == 0) {
        return (int) result;
      }
      shift += 7;
    }
  }
}
