package dev.sluice.h2.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RFC 7541 §5.2 Huffman code: known strings, every byte value, and the padding rules.
 *
 * <p>The fuzz target's seeds are in {@code HuffmanTestInputs/<method>/}; run it longer with
 * {@code bin/fuzz huffman}.
 */
class HuffmanTest {

  @Test
  void encode_appendixCStrings_matchRfc() {
    assertEncodes("www.example.com", "f1e3c2e5f23a6ba0ab90f4ff");
    assertEncodes("no-cache", "a8eb10649cbf");
    assertEncodes("custom-key", "25a849e95ba97d7f");
    assertEncodes("custom-value", "25a849e95bb8e8b4bf");
    assertEncodes("private", "aec3771a4b");
  }

  @Test
  void codes_areACompletePrefixCode() {
    // Kraft equality: a complete prefix code fills the code space exactly.
    double sum = 0;
    for (int sym = 0; sym <= HuffmanCodes.EOS; sym++) {
      sum += Math.pow(2, -HuffmanCodes.LENGTHS[sym]);
    }
    assertThat(sum).isEqualTo(1.0);
  }

  @Test
  void roundTrip_everySingleByteValue_isPreserved() throws Exception {
    for (int b = 0; b < 256; b++) {
      String s = String.valueOf((char) b);
      assertThat(roundTrip(s)).isEqualTo(s);
    }
  }

  /**
   * Any octets survive encoding and decoding; and read as a Huffman string, they either fail with
   * {@link HpackException} or decode to the one string that encodes back to exactly them (the
   * padding rules leave every string a single valid encoding).
   */
  @FuzzTest
  void roundTrip_anyBytes_isPreserved(byte[] bytes) throws Exception {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(roundTrip(s)).isEqualTo(s);
    ByteBuf coded = Unpooled.wrappedBuffer(bytes);
    String decoded;
    try {
      decoded = Huffman.decode(coded, bytes.length);
    } catch (HpackException e) {
      return;
    }
    assertThat(coded.isReadable()).as("octets left after decoding").isFalse();
    ByteBuf again = Unpooled.buffer();
    Huffman.encode(decoded, again);
    assertThat(ByteBufUtil.getBytes(again)).isEqualTo(bytes);
  }

  /** The fuzz target's checks on 2,000 seeded arrays of up to 64 octets, in every build. */
  @Test
  void roundTrip_randomBytes_isPreserved() throws Exception {
    Random r = new Random(7541);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[r.nextInt(65)];
      r.nextBytes(bytes);
      roundTrip_anyBytes_isPreserved(bytes);
    }
  }

  @Test
  void decode_emptyInput_isEmptyString() throws Exception {
    assertThat(Huffman.decode(Unpooled.EMPTY_BUFFER, 0)).isEmpty();
  }

  @Test
  void decode_eosInString_throwsCompressionError() {
    // 30 one-bits are EOS; 32 of them are EOS plus 2 bits of padding.
    assertThatThrownBy(() -> decode("ffffffff"))
        .isInstanceOf(HpackException.class).hasMessageContaining("EOS");
  }

  @Test
  void decode_paddingOfEightBitsOrMore_throwsCompressionError() {
    // 'a' is 00011, then 3 padding ones, then a whole octet of ones: 11 bits of padding.
    assertThatThrownBy(() -> decode("1fff"))
        .isInstanceOf(HpackException.class).hasMessageContaining("longer than 7 bits");
  }

  @Test
  void decode_wholeOctetOfPaddingAlone_throwsCompressionError() {
    assertThatThrownBy(() -> decode("ff"))
        .isInstanceOf(HpackException.class).hasMessageContaining("longer than 7 bits");
  }

  @Test
  void decode_paddingNotAllOnes_throwsCompressionError() {
    // 'a' is 00011, then padding 000 instead of 111.
    assertThatThrownBy(() -> decode("18"))
        .isInstanceOf(HpackException.class).hasMessageContaining("prefix of EOS");
  }

  @Test
  void decode_sevenBitsOfOnesPadding_isAccepted() throws Exception {
    // Five '0' symbols (00000 each) take 25 bits, leaving exactly 7 bits of padding.
    assertThat(decode("0000007f")).isEqualTo("00000");
  }

  private static void assertEncodes(String s, String hex) {
    ByteBuf out = Unpooled.buffer();
    Huffman.encode(s, out);
    assertThat(Hex.of(out)).isEqualTo(hex);
    assertThat(Huffman.encodedLength(s)).isEqualTo(hex.length() / 2);
  }

  private static String roundTrip(String s) throws Exception {
    ByteBuf out = Unpooled.buffer();
    Huffman.encode(s, out);
    assertThat(out.readableBytes()).isEqualTo(Huffman.encodedLength(s));
    String decoded = Huffman.decode(out, out.readableBytes());
    assertThat(out.isReadable()).isFalse();
    return decoded;
  }

  private static String decode(String hex) throws HpackException {
    ByteBuf in = Hex.buf(hex);
    return Huffman.decode(in, in.readableBytes());
  }
}
