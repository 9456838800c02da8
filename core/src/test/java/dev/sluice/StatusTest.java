package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTest {

  @Test
  void code_everyWireValue_roundTrips() {
    assertThat(Status.Code.values()).hasSize(17);
    for (Status.Code c : Status.Code.values()) {
      assertThat(Status.Code.fromValue(c.value())).isEqualTo(c);
    }
  }

  @Test
  void fromCodeValue_outOfRange_isUnknown() {
    assertThat(Status.fromCodeValue(17).code()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(Status.fromCodeValue(-1).code()).isEqualTo(Status.Code.UNKNOWN);
  }

  @Test
  void withDetails_copiesBytes_soCallerChangesDoNotLeakIn() {
    byte[] d = {1, 2, 3};
    Status s = Status.INTERNAL.withDetails(d);
    d[0] = 9;
    assertThat(s.details()).containsExactly(1, 2, 3);
  }

  @Test
  void equals_ignoresCause_butNotDescriptionOrDetails() {
    Status a = Status.NOT_FOUND.withDescription("x").withCause(new RuntimeException());
    assertThat(a).isEqualTo(Status.NOT_FOUND.withDescription("x"));
    assertThat(a).isNotEqualTo(Status.NOT_FOUND.withDescription("y"));
    assertThat(a.withDetails(new byte[] {1})).isNotEqualTo(a);
  }

  @Test
  void fromThrowable_findsStatusExceptionInCauseChain() {
    StatusException se = Status.ABORTED.withDescription("why").asException();
    Status s = Status.fromThrowable(new RuntimeException(new RuntimeException(se)));
    assertThat(s.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(Status.fromThrowable(new IllegalStateException("boom")).code())
        .isEqualTo(Status.Code.UNKNOWN);
  }

  @Test
  void statusException_message_namesCodeAndDescription() {
    assertThat(Status.UNAVAILABLE.withDescription("down").asException().getMessage())
        .isEqualTo("UNAVAILABLE: down");
  }
}
