package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class Http2SettingsTest {
  @Test
  void validate_boundaryValues_acceptedAndRejectedWithRfcCodes() throws Exception {
    Http2Settings.validate(Http2Settings.ENABLE_PUSH, 1);
    Http2Settings.validate(Http2Settings.INITIAL_WINDOW_SIZE, 0x7fff_ffffL);
    Http2Settings.validate(Http2Settings.MAX_FRAME_SIZE, 16_384);
    Http2Settings.validate(Http2Settings.MAX_FRAME_SIZE, 16_777_215);
    Http2Settings.validate(Http2Settings.HEADER_TABLE_SIZE, 0xffff_ffffL);
    assertThat(code(Http2Settings.INITIAL_WINDOW_SIZE, 0x8000_0000L))
        .isEqualTo(Http2ErrorCode.FLOW_CONTROL_ERROR);
    assertThat(code(Http2Settings.MAX_FRAME_SIZE, 16_777_216)).isEqualTo(Http2ErrorCode.PROTOCOL_ERROR);
    assertThat(code(Http2Settings.ENABLE_PUSH, 2)).isEqualTo(Http2ErrorCode.PROTOCOL_ERROR);
  }

  private static Http2ErrorCode code(int id, long value) {
    Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> Http2Settings.validate(id, value));
    assertThat(e.isConnectionError()).isTrue();
    return e.code();
  }

  @Test
  void put_invalidValueOrUnknownId_isLocalMisuse() {
    assertThatThrownBy(() -> new Http2Settings().put(Http2Settings.ENABLE_PUSH, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Http2Settings().put(7, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void get_absentSetting_throwsAndHasIsFalse() {
    Http2Settings settings = new Http2Settings().put(Http2Settings.MAX_HEADER_LIST_SIZE, 8192);
    assertThat(settings.has(Http2Settings.MAX_HEADER_LIST_SIZE)).isTrue();
    assertThat(settings.get(Http2Settings.MAX_HEADER_LIST_SIZE)).isEqualTo(8192);
    assertThat(settings.has(Http2Settings.HEADER_TABLE_SIZE)).isFalse();
    assertThatThrownBy(() -> settings.get(Http2Settings.HEADER_TABLE_SIZE))
        .isInstanceOf(IllegalStateException.class);
    assertThat(settings.size()).isEqualTo(1);
  }
}
