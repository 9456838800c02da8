package dev.sluice.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepAliveBackoffTest {

  @Test
  void tooManyPings_firstTime_doublesWhatTheConnectionUsed() {
    KeepAliveBackoff b = new KeepAliveBackoff();
    assertThat(b.current()).isNull();
    b.tooManyPings(null, Duration.ofSeconds(10));
    assertThat(b.current()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void tooManyPings_twoConnectionsMadeWithTheSameValue_doubleOnce() {
    KeepAliveBackoff b = new KeepAliveBackoff();
    b.tooManyPings(null, Duration.ofSeconds(10));
    b.tooManyPings(null, Duration.ofSeconds(10));
    assertThat(b.current()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void tooManyPings_connectionMadeAfterTheFirstDoubling_doublesAgain() {
    KeepAliveBackoff b = new KeepAliveBackoff();
    b.tooManyPings(null, Duration.ofSeconds(10));
    b.tooManyPings(Duration.ofSeconds(20), Duration.ofSeconds(20));
    assertThat(b.current()).isEqualTo(Duration.ofSeconds(40));
  }
}
