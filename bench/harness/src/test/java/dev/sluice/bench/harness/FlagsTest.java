package dev.sluice.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {

  private static final Set<String> KNOWN = Set.of("address", "warmup", "streaming", "streams");

  @Test
  void flags_allThreeForms_parsed() {
    Flags f = new Flags(new String[] {"--address=h:1", "--warmup", "0.5", "--streaming"}, KNOWN);
    assertThat(f.address("address", "x:2").getPort()).isEqualTo(1);
    assertThat(f.seconds("warmup", 5)).isEqualTo(Duration.ofMillis(500));
    assertThat(f.bool("streaming", false)).isTrue();
    assertThat(f.integer("streams", 7)).isEqualTo(7);
  }

  @Test
  void flags_unknownName_refused() {
    assertThatThrownBy(() -> new Flags(new String[] {"--stremaing"}, KNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--stremaing");
  }
}
