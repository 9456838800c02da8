package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BdpEstimatorTest {

  @Test
  void firstData_startsAPing_furtherDataDuringTheRoundDoesNot() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    assertThat(e.onData(10)).isTrue();
    assertThat(e.onData(10)).isFalse();
  }

  @Test
  void roundFillingTheWindow_growsItToTwiceTheEstimate() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    e.onData(400);
    e.onData(600);
    assertThat(e.onAck()).isEqualTo(2000);
    assertThat(e.window()).isEqualTo(2000);
  }

  @Test
  void smallRound_keepsTheWindow() {
    BdpEstimator e = new BdpEstimator(1000, 100_000);
    e.onData(100);
    assertThat(e.onAck()).isZero();
  }

  @Test
  void growth_stopsAtTheCeiling() {
    BdpEstimator e = new BdpEstimator(1000, 1500);
    e.onData(5000);
    assertThat(e.onAck()).isEqualTo(1500);
    assertThat(e.onData(5000)).as("no more estimates at the ceiling").isFalse();
  }
}
