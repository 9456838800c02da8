package dev.sluice.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Http2ErrorCodeTest {
  @Test
  void values_allFourteenRfcCodesInWireOrder() {
    assertThat(Http2ErrorCode.values()).hasSize(14);
    for (Http2ErrorCode code : Http2ErrorCode.values()) {
      assertThat(code.wireValue()).isEqualTo(code.ordinal());
      assertThat(Http2ErrorCode.fromWire(code.wireValue())).isSameAs(code);
    }
    assertThat(Http2ErrorCode.HTTP_1_1_REQUIRED.wireValue()).isEqualTo(0xd);
  }

  @Test
  void fromWire_unknownValue_treatedAsInternalError() {
    assertThat(Http2ErrorCode.fromWire(0xe)).isEqualTo(Http2ErrorCode.INTERNAL_ERROR);
    assertThat(Http2ErrorCode.fromWire(0xffff_ffffL)).isEqualTo(Http2ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void http2Exception_scopes_reportedConsistently() {
    Http2Exception conn =
        Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR, "bad %s", "thing");
    assertThat(conn.isConnectionError()).isTrue();
    assertThat(conn.streamId()).isZero();
    assertThat(conn.getMessage()).isEqualTo("bad thing");
    Http2Exception stream = Http2Exception.streamError(5, Http2ErrorCode.CANCEL, "gone");
    assertThat(stream.isConnectionError()).isFalse();
    assertThat(stream.streamId()).isEqualTo(5);
    assertThat(stream.code()).isEqualTo(Http2ErrorCode.CANCEL);
    assertThatThrownBy(() -> Http2Exception.streamError(0, Http2ErrorCode.CANCEL, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
