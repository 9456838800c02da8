package dev.sluice.h2.hpack;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The static Huffman code of RFC 7541 §5.2 and Appendix B over ISO-8859-1 strings.
 *
 * <p>Stateless and thread-safe. Decoding walks a binary tree built once from {@link HuffmanCodes};
 * one step per input bit is slower than table-driven decoders but short, and header strings are
 * small.
 */
public final class Huffman {

  /**
   * The code tree: node {@code n} has children {@code TREE[2n]} (bit 0) and {@code TREE[2n + 1]}
   * (bit 1). A child {@code > 0} is another node; {@code <= 0} is a leaf for symbol {@code -child}.
   * Node 0 is the root, which is never anyone's child, so 0 is free to mean "symbol 0".
   */
  private static final int[] TREE = buildTree();

  private Huffman() {}

  private static int[] buildTree() {
    // A complete prefix code with 257 leaves has exactly 256 internal nodes.
    int[] tree = new int[2 * 256];
    int nodes = 1;
    for (int sym = 0; sym <= HuffmanCodes.EOS; sym++) {
      int code = HuffmanCodes.CODES[sym];
      int len = HuffmanCodes.LENGTHS[sym];
      int node = 0;
      for (int i = len - 1; i > 0; i--) {
        int slot = 2 * node + ((code >>> i) & 1);
        if (tree[slot] == 0) {
          tree[slot] = nodes++;
        }
        node = tree[slot];
      }
      tree[2 * node + (code & 1)] = -sym;
    }
    return tree;
  }

  /** Number of octets {@code s} takes once Huffman-encoded, padding included. */
  public static int encodedLength(CharSequence s) {
    long bits = 0;
    for (int i = 0; i < s.length(); i++) {
      bits += HuffmanCodes.LENGTHS[octet(s, i)];
    }
    return (int) ((bits + 7) >>> 3);
  }

  /**
   * Writes {@code s} Huffman-encoded to {@code out}, padded with the most significant bits of EOS
   * (all ones) to a whole octet.
   */
  public static void encode(CharSequence s, ByteBuf out) {
    long acc = 0;
    int pending = 0; // bits in acc not yet written; always < 8 between symbols
    for (int i = 0; i < s.length(); i++) {
      int sym = octet(s, i);
      int len = HuffmanCodes.LENGTHS[sym];
      acc = (acc << len) | HuffmanCodes.CODES[sym];
      pending += len;
      while (pending >= 8) {
        pending -= 8;
        out.writeByte((int) (acc >>> pending));
      }
    }
    if (pending > 0) {
      // Pad with ones, the prefix of EOS, as RFC 7541 §5.2 requires.
      out.writeByte((int) ((acc << (8 - pending)) | (0xFF >>> pending)));
    }
  }

  /**
   * Decodes {@code length} octets of Huffman-coded data starting at {@code in}'s reader index and
   * advances the reader index past them.
   *
   * @throws HpackException if the data contains EOS, or its padding is longer than 7 bits or is
   *     not a prefix of EOS (RFC 7541 §5.2)
   */
  public static String decode(ByteBuf in, int length) throws HpackException {
    // The shortest code is 5 bits, so each input octet yields at most 8/5 symbols.
    byte[] out = new byte[(int) ((length * 8L) / 5)];
    int written = 0;
    int node = 0;
    int bitsSinceSymbol = 0;
    boolean allOnes = true;
    int end = in.readerIndex() + length;
    for (int idx = in.readerIndex(); idx < end; idx++) {
      int b = in.getByte(idx) & 0xFF;
      for (int shift = 7; shift >= 0; shift--) {
        int bit = (b >>> shift) & 1;
        int child = TREE[2 * node + bit];
        bitsSinceSymbol++;
        allOnes &= bit == 1;
        if (child > 0) {
          node = child;
          continue;
        }
        int sym = -child;
        if (sym == HuffmanCodes.EOS) {
          throw new HpackException("Huffman string contains EOS (RFC 7541 §5.2)");
        }
        out[written++] = (byte) sym;
        node = 0;
        bitsSinceSymbol = 0;
        allOnes = true;
      }
    }
    if (bitsSinceSymbol > 7) {
      throw new HpackException("Huffman padding longer than 7 bits (RFC 7541 §5.2)");
    }
    if (!allOnes) {
      throw new HpackException("Huffman padding is not a prefix of EOS (RFC 7541 §5.2)");
    }
    in.readerIndex(end);
    return new String(out, 0, written, StandardCharsets.ISO_8859_1);
  }

  private static int octet(CharSequence s, int i) {
    char c = s.charAt(i);
    if (c > 0xFF) {
      throw new IllegalArgumentException("not an ISO-8859-1 string: char " + (int) c + " at " + i);
    }
    return c;
  }
}
