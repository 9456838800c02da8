package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command-line names of the floor's modes, and the sizes an exchange accepts. */
class FloorModeTest {

  @Test
  void parse_flagNames_roundTrip() {
    for (FloorMode mode : FloorMode.values()) {
      assertThat(FloorMode.parse(mode.flagName())).isSameAs(mode);
    }
  }

  @Test
  void parse_unknownName_throwsWithTheKnownOnes() {
    assertThatThrownBy(() -> FloorMode.parse("stream"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pingpong, bulk");
  }

  @Test
  void exchange_bulkOfZeroBytes_isRefused() {
    assertThatThrownBy(() -> FloorMode.BULK.exchange(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exchange_negativeSize_isRefused() {
    assertThatThrownBy(() -> FloorMode.PINGPONG.exchange(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
