package dev.sluice.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowthCheckTest {

  private static final long MIB = 1 << 20;
  private final GrowthCheck rule = new GrowthCheck(0.10, 4 * MIB);

  @Test
  void check_flatSeriesWithNoise_bounded() {
    List<Long> s = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      s.add(100 * MIB + (i % 3) * MIB);
    }
    assertThat(rule.check("heap", s).growing()).isFalse();
  }

  @Test
  void check_steadyGrowthBeyondToleranceAndSlack_growing() {
    List<Long> s = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      s.add(100 * MIB + i * MIB); // +1 MiB a sample: the last third sits ~20 MiB above the first
    }
    GrowthCheck.Verdict v = rule.check("heap", s);

    assertThat(v.growing()).isTrue();
    assertThat(v.firstThirdMedian()).isEqualTo(100 * MIB + 4 * MIB + MIB / 2);
    assertThat(v.lastThirdMedian()).isEqualTo(100 * MIB + 24 * MIB + MIB / 2);
    assertThat(v.line()).contains("series=heap", "verdict=GROWING");
  }

  @Test
  void check_oneSpikeInTheLastThird_boundedThanksToTheMedian() {
    List<Long> s = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      s.add(i == 10 ? 500 * MIB : 50 * MIB);
    }
    assertThat(rule.check("direct", s).growing()).isFalse();
  }

  @Test
  void check_growthWithinToleranceAndSlack_bounded() {
    List<Long> s = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      s.add(i < 3 ? 100 * MIB : 100 * MIB + 14 * MIB); // limit: 110 + 4 MiB
    }
    GrowthCheck.Verdict v = rule.check("heap", s);

    assertThat(v.limit()).isEqualTo(114 * MIB); // 100 MiB + 10 %, plus 4 MiB
    assertThat(v.growing()).isFalse();
  }

  @Test
  void check_justPastTheLimit_growing() {
    List<Long> s = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      s.add(i < 3 ? 100 * MIB : 115 * MIB);
    }
    assertThat(rule.check("heap", s).growing()).isTrue();
  }

  @Test
  void check_tooFewSamples_refusesAVerdict() {
    assertThatThrownBy(() -> rule.check("heap", List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Too few samples of heap");
  }

  @Test
  void median_evenCount_meanOfTheMiddleTwo() {
    assertThat(GrowthCheck.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2);
    assertThat(GrowthCheck.median(List.of(5L, 1L, 3L))).isEqualTo(3);
  }
}
