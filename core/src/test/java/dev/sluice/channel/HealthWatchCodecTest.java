package dev.sluice.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written protobuf encoding of the two health-check messages (field 1 of each). */
class HealthWatchCodecTest {

  @Test
  void encodeRequest_emptyName_isTheEmptyMessage() {
    assertThat(HealthWatch.encodeRequest("")).isEmpty();
  }

  @Test
  void encodeRequest_name_isField1LengthDelimited() {
    assertThat(HealthWatch.encodeRequest("a.B")).containsExactly(0x0a, 3, 'a', '.', 'B');
  }

  @Test
  void encodeRequest_longUtf8Name_hasAMultiByteLength() {
    String name = "é".repeat(100); // 200 bytes of UTF-8
    byte[] bytes = HealthWatch.encodeRequest(name);

    assertThat(bytes[0]).isEqualTo((byte) 0x0a);
    assertThat(bytes[1]).isEqualTo((byte) (200 & 0x7f | 0x80));
    assertThat(bytes[2]).isEqualTo((byte) 1);
    assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)).isEqualTo(name);
  }

  @Test
  void decodeStatus_emptyMessage_isUnknown() {
    assertThat(HealthWatch.decodeStatus(new byte[0])).isZero();
  }

  @Test
  void decodeStatus_eachServingStatus_isItsNumber() {
    for (int s = 0; s <= 3; s++) {
      assertThat(HealthWatch.decodeStatus(new byte[] {0x08, (byte) s})).isEqualTo(s);
    }
  }

  @Test
  void decodeStatus_unknownFieldsOfEveryWireType_areSkipped() {
    byte[] bytes = {
        0x10, (byte) 0x96, 0x01, // field 2 varint 150
        0x19, 1, 2, 3, 4, 5, 6, 7, 8, // field 3 fixed64
        0x22, 2, 'h', 'i', // field 4 bytes
        0x2d, 1, 2, 3, 4, // field 5 fixed32
        0x08, 0x02}; // status NOT_SERVING

    assertThat(HealthWatch.decodeStatus(bytes)).isEqualTo(2);
  }

  @Test
  void decodeStatus_lastOccurrenceWins() {
    assertThat(HealthWatch.decodeStatus(new byte[] {0x08, 1, 0x08, 2})).isEqualTo(2);
  }

  @Test
  void decodeStatus_truncatedVarint_isRejected() {
    assertThatThrownBy(() -> HealthWatch.decodeStatus(new byte[] {0x08, (byte) 0x80}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
  }

  @Test
  void decodeStatus_lengthPastTheEnd_isRejected() {
    assertThatThrownBy(() -> HealthWatch.decodeStatus(new byte[] {0x12, 5, 'x'}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("past the end");
  }

  @Test
  void decodeStatus_groupWireType_isRejected() {
    assertThatThrownBy(() -> HealthWatch.decodeStatus(new byte[] {0x0b}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wire type 3");
  }

  @Test
  void decodeStatus_fieldNumberZero_isRejected() {
    assertThatThrownBy(() -> HealthWatch.decodeStatus(new byte[] {0x00, 0x01}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field number 0");
  }
}
