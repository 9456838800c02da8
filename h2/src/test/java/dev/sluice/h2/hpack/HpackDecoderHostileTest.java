package dev.sluice.h2.hpack;

import static dev.sluice.h2.hpack.RecordingListener.f;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed and abusive header blocks: each malformation is a connection-scoped
 * {@link HpackException}; an oversized header list is a stream-scoped
 * {@link HeaderListTooLargeException} that leaves the table in sync.
 */
class HpackDecoderHostileTest {

  private final HpackDecoder decoder = new HpackDecoder();
  private final RecordingListener listener = new RecordingListener();

  @Test
  void decode_indexOverflowingInt_throwsCompressionError() {
    assertCompressionError("ff ffffffff0f", "§5.1");
  }

  @Test
  void decode_stringLengthPastBlock_throwsCompressionError() {
    assertCompressionError("40 05 6162", "past the end");
  }

  @Test
  void decode_hugeDeclaredStringLength_throwsWithoutAllocating() {
    // Length 2^31 - 1 in a 9-octet block: rejected from the length alone.
    assertCompressionError("40 7f 80ff ffff 07 61", "past the end");
  }

  @Test
  void decode_indexZero_throwsCompressionError() {
    assertCompressionError("80", "index 0");
  }

  @Test
  void decode_indexPastTables_throwsCompressionError() {
    assertCompressionError("be", "past the static and dynamic tables");
  }

  @Test
  void decode_literalNameIndexPastTables_throwsCompressionError() {
    assertCompressionError("7f00 0161", "past the static and dynamic tables");
  }

  @Test
  void decode_sizeUpdateAboveSetting_throwsCompressionError() {
    assertCompressionError("3fe2 1f", "§6.3"); // 4097
  }

  @Test
  void decode_sizeUpdateAtSetting_isAccepted() throws Exception {
    decoder.decode(Hex.buf("3fe1 1f 82"), listener); // 4096, then :method GET
    assertThat(listener.fields).containsExactly(f(":method", "GET"));
  }

  @Test
  void decode_sizeUpdateMidBlock_throwsCompressionError() {
    assertCompressionError("82 20", "§4.2");
  }

  @Test
  void decode_settingLoweredWithoutSizeUpdate_throwsCompressionError() {
    decoder.setMaxTableSize(100);
    assertCompressionError("82", "§4.2");
  }

  @Test
  void decode_settingLoweredThenSizeUpdate_isAccepted() throws Exception {
    decoder.decode(Hex.buf("4001 6101 62"), listener); // a: b, indexed
    decoder.setMaxTableSize(0);
    decoder.decode(Hex.buf("20 82"), listener);
    assertThat(decoder.table().length()).isZero();
    assertThat(decoder.table().capacity()).isZero();
  }

  @Test
  void decode_huffmanWithEos_throwsCompressionError() {
    assertCompressionError("00 84 ffffffff 00", "EOS");
  }

  @Test
  void decode_huffmanPaddingOfEightBits_throwsCompressionError() {
    assertCompressionError("00 82 1fff 00", "longer than 7 bits");
  }

  @Test
  void decode_huffmanPaddingNotOnes_throwsCompressionError() {
    assertCompressionError("00 81 18 00", "prefix of EOS");
  }

  @Test
  void decode_blockEndsInsideRepresentation_throwsCompressionError() {
    assertCompressionError("40", "string literal");
  }

  @Test
  void decode_headerListOverLimit_isStreamScopedAndTableStaysInSync() throws Exception {
    HpackDecoder small = new HpackDecoder(4096, 100);
    ByteBuf block = Unpooled.buffer();
    HpackEncoder encoder = new HpackEncoder(4096, 4096, true);
    String big = "v".repeat(100);
    encoder.encode(List.of(HeaderField.of("a", "1"), HeaderField.of("x-big", big),
        HeaderField.of("b", "2")), block);

    assertThatThrownBy(() -> small.decode(block, listener))
        .isInstanceOf(HeaderListTooLargeException.class);
    assertThat(block.isReadable()).isFalse();
    // Delivery stopped at the limit: only the field before it arrived.
    assertThat(listener.fields).containsExactly(f("a", "1"));

    // The next block refers to entries the oversized block added; they must be there.
    ByteBuf next = Unpooled.buffer();
    encoder.encode(List.of(HeaderField.of("b", "2"), HeaderField.of("a", "1")), next);
    assertThat(Hex.of(next)).isEqualTo("be" + "c0"); // b is newest (62), a oldest (64)
    RecordingListener second = new RecordingListener();
    small.decode(next, second);
    assertThat(second.fields).containsExactly(f("b", "2"), f("a", "1"));
    assertThat(small.table().get(2)).isEqualTo(HeaderField.of("x-big", big));
  }

  @Test
  void decode_stringLongerThanListLimitAndTable_isSkippedAndClearsTable() throws Exception {
    HpackDecoder small = new HpackDecoder(64, 100);
    small.decode(Hex.buf("4001 6101 62"), listener); // a: b, indexed
    ByteBuf block = Unpooled.buffer();
    block.writeBytes(Hex.buf("40 0161 7f21")); // new name "a", raw value of 127 + 33 = 160
    block.writeBytes(Unpooled.wrappedBuffer(new byte[160]));
    block.writeBytes(Hex.buf("82"));

    assertThatThrownBy(() -> small.decode(block, new RecordingListener()))
        .isInstanceOf(HeaderListTooLargeException.class);
    assertThat(block.isReadable()).isFalse();
    // As RFC 7541 §4.4 says for an entry larger than the table: the table ends up empty.
    assertThat(small.table().length()).isZero();
  }

  @Test
  void decode_emptyFieldsCountThirtyTwoEach_tripAtLimit() throws Exception {
    HpackDecoder limited = new HpackDecoder(4096, 8192);
    // 256 empty literals (new empty name, empty value) are exactly 8192.
    limited.decode(Hex.buf("000000".repeat(256)), listener);
    assertThat(listener.fields).hasSize(256).allMatch(x -> x.name().isEmpty());

    RecordingListener more = new RecordingListener();
    assertThatThrownBy(() -> limited.decode(Hex.buf("000000".repeat(257)), more))
        .isInstanceOf(HeaderListTooLargeException.class);
    assertThat(more.fields).hasSize(256);
  }

  @Test
  void decode_indexedBombOfOneLargeEntry_tripsListLimit() throws Exception {
    // One 4000-octet entry referenced many times: the decoded list is what counts, not the block.
    HpackEncoder encoder = new HpackEncoder(4096, 4096, false);
    ByteBuf first = Unpooled.buffer();
    encoder.encode(List.of(HeaderField.of("x", "y".repeat(3900))), first);
    decoder.decode(first, listener);
    assertThat(decoder.table().length()).isEqualTo(1);
    RecordingListener bomb = new RecordingListener();
    assertThatThrownBy(() -> decoder.decode(Hex.buf("be".repeat(1000)), bomb))
        .isInstanceOf(HeaderListTooLargeException.class);
    // 2 x 3933 fits in 8192; the third reference trips the limit and nothing more is delivered.
    assertThat(bomb.fields.size()).isEqualTo(2);
  }

  private void assertCompressionError(String hex, String messagePart) {
    assertThatThrownBy(() -> decoder.decode(Hex.buf(hex), listener))
        .isInstanceOf(HpackException.class)
        .hasMessageContaining(messagePart);
  }
}
