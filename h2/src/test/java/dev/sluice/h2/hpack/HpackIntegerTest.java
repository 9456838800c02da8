package dev.sluice.h2.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Prefix integers (RFC 7541 §5.1), including the C.1 examples. */
class HpackIntegerTest {

  @Test
  void encode_c11TenWithFiveBitPrefix_isOneOctet() throws Exception {
    assertRoundTrip(10, 5, "0a");
  }

  @Test
  void encode_c121337WithFiveBitPrefix_isThreeOctets() throws Exception {
    assertRoundTrip(1337, 5, "1f9a0a");
  }

  @Test
  void encode_c13FortyTwoAtOctetBoundary_isOneOctet() throws Exception {
    assertRoundTrip(42, 8, "2a");
  }

  @Test
  void decode_maxInt_isAccepted() throws Exception {
    ByteBuf out = Unpooled.buffer();
    HpackInteger.encode(out, 0, 5, Integer.MAX_VALUE);
    assertThat(HpackInteger.decode(out, 5)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void decode_valuePastMaxInt_throwsCompressionError() {
    // 31 + 0x7fffffe1 would be exactly MAX_VALUE; one more overflows.
    ByteBuf in = Hex.buf("1f e1ff ffff 07");
    assertThat(Integer.MAX_VALUE - 31).isEqualTo(0x7fffffe0);
    assertThatThrownBy(() -> HpackInteger.decode(in, 5))
        .isInstanceOf(HpackException.class).hasMessageContaining("§5.1");
  }

  @Test
  void decode_endlessContinuationOctets_throwsCompressionError() {
    ByteBuf in = Hex.buf("1f 8080 8080 8080 8080 8000");
    assertThatThrownBy(() -> HpackInteger.decode(in, 5)).isInstanceOf(HpackException.class);
  }

  @Test
  void decode_truncated_throwsCompressionError() {
    assertThatThrownBy(() -> HpackInteger.decode(Hex.buf("1f 9a"), 5))
        .isInstanceOf(HpackException.class);
  }

  /**
   * Every prefix width with the values around each boundary of the encoding (the prefix filling
   * up, each further continuation octet, the int's end), then 10,000 seeded values spread over
   * every magnitude.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void encode_anyValueAnyPrefix_roundTrips(int prefix) throws Exception {
    int max = (1 << prefix) - 1;
    for (int shift = 0; shift <= 28; shift += 7) {
      long boundary = max + (1L << shift);
      for (long v = boundary - 2; v <= boundary + 1; v++) {
        if (v >= 0 && v <= Integer.MAX_VALUE) {
          assertDecodesTo((int) v, prefix);
        }
      }
    }
    for (int v = 0; v <= 2 * max + 2; v++) {
      assertDecodesTo(v, prefix);
    }
    assertDecodesTo(Integer.MAX_VALUE - 1, prefix);
    assertDecodesTo(Integer.MAX_VALUE, prefix);
    Random r = new Random(prefix);
    for (int i = 0; i < 10_000; i++) {
      // A uniform exponent, so small and large values are equally likely.
      assertDecodesTo(r.nextInt(Integer.MAX_VALUE) >>> r.nextInt(31), prefix);
    }
  }

  private static void assertDecodesTo(int value, int prefix) throws Exception {
    ByteBuf out = Unpooled.buffer();
    HpackInteger.encode(out, 0, prefix, value);
    assertThat(HpackInteger.decode(out, prefix)).as("value %d, prefix %d", value, prefix)
        .isEqualTo(value);
    assertThat(out.isReadable()).isFalse();
  }

  private static void assertRoundTrip(int value, int prefix, String hex) throws Exception {
    ByteBuf out = Unpooled.buffer();
    HpackInteger.encode(out, 0, prefix, value);
    assertThat(Hex.of(out)).isEqualTo(hex);
    assertThat(HpackInteger.decode(out, prefix)).isEqualTo(value);
  }
}
