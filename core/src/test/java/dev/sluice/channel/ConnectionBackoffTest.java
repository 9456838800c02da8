package dev.sluice.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectionBackoffTest {

  private static long ms(long nanos) {
    return Math.round(nanos / 1e6);
  }

  @Test
  void nextSlot_withoutJitter_isGrpcsSequenceUpTo120Seconds() {
    ConnectionBackoff b = new ConnectionBackoff(BackoffSettings.DEFAULT, () -> 0.5);
    List<Long> slots = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      slots.add(ms(b.nextSlotNanos()));
    }

    assertThat(slots).containsExactly(1000L, 1600L, 2560L, 4096L, 6554L, 10486L, 16777L, 26844L,
        42950L, 68719L, 109951L, 120000L, 120000L, 120000L);
  }

  @Test
  void nextSlot_jitter_staysWithinTwentyPercent() {
    ConnectionBackoff low = new ConnectionBackoff(BackoffSettings.DEFAULT, () -> 0.0);
    ConnectionBackoff high = new ConnectionBackoff(BackoffSettings.DEFAULT, () -> 0.999999);
    assertThat(ms(low.nextSlotNanos())).isEqualTo(800);
    assertThat(ms(high.nextSlotNanos())).isEqualTo(1200);
    assertThat(ms(low.nextSlotNanos())).isEqualTo(1280);
    assertThat(ms(high.nextSlotNanos())).isEqualTo(1920);

    Random random = new Random(42);
    ConnectionBackoff b = new ConnectionBackoff(BackoffSettings.DEFAULT, random::nextDouble);
    double nominal = 1000;
    for (int i = 0; i < 30; i++) {
      long slot = ms(b.nextSlotNanos());
      assertThat((double) slot).isBetween(nominal * 0.8 - 1, nominal * 1.2 + 1);
      nominal = Math.min(nominal * 1.6, 120_000);
    }
  }

  @Test
  void reset_startsOverAtTheInitialBackoff() {
    ConnectionBackoff b = new ConnectionBackoff(BackoffSettings.DEFAULT, () -> 0.5);
    b.nextSlotNanos();
    b.nextSlotNanos();
    b.reset();

    assertThat(ms(b.nextSlotNanos())).isEqualTo(1000);
  }

  @Test
  void settings_knobs_changeTheSequence() {
    BackoffSettings s = BackoffSettings.DEFAULT.withInitialBackoff(Duration.ofMillis(100))
        .withMultiplier(2).withMaxBackoff(Duration.ofMillis(500))
        .withMinConnectTimeout(Duration.ofSeconds(3));
    ConnectionBackoff b = new ConnectionBackoff(s, () -> 0.5);

    assertThat(List.of(ms(b.nextSlotNanos()), ms(b.nextSlotNanos()), ms(b.nextSlotNanos()),
        ms(b.nextSlotNanos()))).containsExactly(100L, 200L, 400L, 500L);
    assertThat(b.minConnectTimeoutNanos()).isEqualTo(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void settings_invalid_areRefusedWithTheReason() {
    assertThatThrownBy(() -> BackoffSettings.DEFAULT.withMultiplier(0.5))
        .hasMessageContaining("multiplier must be at least 1");
    assertThatThrownBy(() -> BackoffSettings.DEFAULT.withInitialBackoff(Duration.ZERO))
        .hasMessageContaining("initialBackoff must be positive");
  }
}
