package dev.sluice.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.sluice.Status;
import dev.sluice.StatusException;
import org.junit.jupiter.api.Test;

class StatusProtoTest {

  private static final com.google.rpc.Status RICH = com.google.rpc.Status.newBuilder()
      .setCode(Code.INVALID_ARGUMENT.getNumber())
      .setMessage("name is empty")
      .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
          BadRequest.FieldViolation.newBuilder().setField("name").setDescription("empty"))
          .build()))
      .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("EMPTY").setDomain("sluice.dev")
          .build()))
      .build();

  @Test
  void toStatus_takesCodeMessageAndCarriesTheWholeProto() {
    Status status = StatusProto.toStatus(RICH);
    assertThat(status.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.description()).isEqualTo("name is empty");
    assertThat(status.details()).isEqualTo(RICH.toByteArray());
  }

  @Test
  void fromThrowable_roundTrip_givesTheProtoAndItsDetails() {
    StatusException e = StatusProto.toStatusException(RICH);
    com.google.rpc.Status back = StatusProto.fromThrowable(new RuntimeException("wrapped", e));
    assertThat(back).isEqualTo(RICH);
    assertThat(StatusProto.detail(back, ErrorInfo.class).getReason()).isEqualTo("EMPTY");
    assertThat(StatusProto.detail(back, BadRequest.class).getFieldViolations(0).getField())
        .isEqualTo("name");
    assertThat(StatusProto.detail(back, RetryInfo.class)).isNull();
  }

  @Test
  void fromStatus_noDetails_isNull() {
    assertThat(StatusProto.fromStatus(Status.INTERNAL.withDescription("x"))).isNull();
    assertThat(StatusProto.fromThrowable(new IllegalStateException())).isNull();
  }

  @Test
  void fromStatus_codeDiffersFromTheCallsStatus_isRejected() {
    Status mismatched = Status.NOT_FOUND.withDetails(RICH.toByteArray());
    assertThatThrownBy(() -> StatusProto.fromStatus(mismatched))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
  }

  @Test
  void fromStatus_detailsNotAStatusProto_isRejected() {
    Status garbage = Status.INTERNAL.withDetails(new byte[] {(byte) 0xff, 0x01});
    assertThatThrownBy(() -> StatusProto.fromStatus(garbage))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStatus_okOrUnknownCodeValue_isRejected() {
    assertThatThrownBy(() -> StatusProto.toStatus(com.google.rpc.Status.newBuilder()
        .setCode(0).build())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusProto.toStatus(com.google.rpc.Status.newBuilder()
        .setCode(42).build())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void details_keepsOrderOfEveryDetailOfTheType() {
    com.google.rpc.Status two = RICH.toBuilder().addDetails(Any.pack(RetryInfo.newBuilder()
        .setRetryDelay(Duration.newBuilder().setSeconds(3)).build()))
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("SECOND").build())).build();
    assertThat(StatusProto.details(two, ErrorInfo.class)).extracting(ErrorInfo::getReason)
        .containsExactly("EMPTY", "SECOND");
    assertThat(StatusProto.detail(two, RetryInfo.class).getRetryDelay().getSeconds())
        .isEqualTo(3);
  }
}
