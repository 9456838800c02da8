package dev.sluice.h2.hpack;

import static dev.sluice.h2.hpack.HeaderField.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoder policy: size updates, indexing choices, Huffman choice, input checks. */
class HpackEncoderTest {

  @Test
  void encode_afterSettingLoweredThenRaised_emitsMinimumThenFinal() throws Exception {
    HpackEncoder encoder = new HpackEncoder();
    encoder.setMaxTableSize(100);
    encoder.setMaxTableSize(0);
    encoder.setMaxTableSize(2048);
    String hex = encode(encoder, List.of(of(":method", "GET")));
    assertThat(hex).isEqualTo("20" + "3fe10f" + "82");
    assertThat(encoder.table().capacity()).isEqualTo(2048);

    HpackDecoder decoder = new HpackDecoder();
    decoder.setMaxTableSize(2048);
    decoder.decode(Hex.buf(hex), new RecordingListener());
    assertThat(decoder.table().capacity()).isEqualTo(2048);
  }

  @Test
  void encode_settingLowered_emitsSingleUpdateOnlyOnce() {
    HpackEncoder encoder = new HpackEncoder();
    encoder.setMaxTableSize(256);
    assertThat(encode(encoder, List.of())).isEqualTo("3fe101");
    assertThat(encode(encoder, List.of())).isEmpty();
  }

  @Test
  void encode_fieldOverIndexingThreshold_isNotIndexed() {
    HpackEncoder encoder = new HpackEncoder();
    encoder.encode(List.of(of("x-large", "v".repeat(2000))), Unpooled.buffer());
    assertThat(encoder.table().length()).isZero();
  }

  @Test
  void encode_repeatedField_isIndexedTheSecondTime() {
    HpackEncoder encoder = new HpackEncoder();
    encode(encoder, List.of(of("grpc-status", "0")));
    assertThat(encode(encoder, List.of(of("grpc-status", "0")))).isEqualTo("be");
  }

  @Test
  void encode_sensitiveField_isNeverIndexedEvenWhenRepeated() {
    HpackEncoder encoder = new HpackEncoder(4096, 4096, false);
    String first = encode(encoder, List.of(HeaderField.sensitive("authorization", "t")));
    String second = encode(encoder, List.of(HeaderField.sensitive("authorization", "t")));
    assertThat(first).isEqualTo("1f08" + "0174").isEqualTo(second); // name index 23, value "t"
    assertThat(encoder.table().length()).isZero();
  }

  @Test
  void encode_huffmanOnlyWhenShorter() {
    HpackEncoder encoder = new HpackEncoder(4096, 0, true);
    // "307" is 3 octets either way: sent raw.
    assertThat(encode(encoder, List.of(of(":status", "307")))).isEqualTo("0803333037");
  }

  @Test
  void encode_nonLatin1_throwsAndWritesNothing() {
    HpackEncoder encoder = new HpackEncoder();
    ByteBuf out = Unpooled.buffer();
    assertThatThrownBy(() -> encoder.encode(List.of(of("a", "b"), of("x", "\u20ac")), out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.isReadable()).isFalse();
    assertThat(encoder.table().length()).isZero();
  }

  private static String encode(HpackEncoder encoder, List<HeaderField> headers) {
    ByteBuf out = Unpooled.buffer();
    encoder.encode(headers, out);
    return Hex.of(out);
  }
}
