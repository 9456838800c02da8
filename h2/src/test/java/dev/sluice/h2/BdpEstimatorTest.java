package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BdpEstimatorTest {

  private static final long T0 = 1_000_000_000L;

  @Test
  void firstData_startsAPing_furtherDataDuringTheRoundDoesNot() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    assertThat(e.onData(10, T0)).isTrue();
    assertThat(e.onData(10, T0)).isFalse();
  }

  @Test
  void roundFillingTheWindow_growsItToTwiceTheEstimate_andTheNextStartsAtOnce() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    e.onData(400, T0);
    e.onData(600, T0);
    assertThat(e.onAck(T0 + 1)).isEqualTo(2000);
    assertThat(e.window()).isEqualTo(2000);
    assertThat(e.onData(10, T0 + 2)).isTrue();
  }

  @Test
  void smallRound_keepsTheWindow() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    e.onData(100, T0);
    assertThat(e.onAck(T0)).isZero();
  }

  @Test
  void roundsThatChangeNothing_backOff_doublingUpToTheCap() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    long now = T0;
    long expected = BdpEstimator.FIRST_BACKOFF_NANOS;
    for (int round = 0; round < 12; round++) {
      assertThat(e.onData(10, now)).as("round %d starts", round).isTrue();
      e.onAck(now);
      assertThat(e.onData(10, now + expected - 1)).as("round %d backs off", round).isFalse();
      now += expected;
      expected = Math.min(BdpEstimator.MAX_BACKOFF_NANOS, expected * 2);
    }
    assertThat(expected).isEqualTo(BdpEstimator.MAX_BACKOFF_NANOS);
  }

  @Test
  void growthAfterBackingOff_resetsTheBackOff() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    e.onData(10, T0);
    e.onAck(T0);
    long later = T0 + BdpEstimator.FIRST_BACKOFF_NANOS;
    assertThat(e.onData(5000, later)).isTrue();
    assertThat(e.onAck(later)).isEqualTo(10_000);
    assertThat(e.onData(10, later)).isTrue();
  }

  @Test
  void growth_stopsAtTheCeiling() {
    BdpEstimator e = new BdpEstimator(1000, 1500);
    e.onData(5000, T0);
    assertThat(e.onAck(T0)).isEqualTo(1500);
    assertThat(e.onData(5000, T0)).as("no more estimates at the ceiling").isFalse();
  }
}
