package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final Ticker ticker = now::get;

  @Test
  void timeRemaining_followsTheTicker() {
    Deadline d = Deadline.after(5, TimeUnit.SECONDS, ticker);
    assertThat(d.timeRemaining(TimeUnit.SECONDS)).isEqualTo(5);
    now.addAndGet(TimeUnit.SECONDS.toNanos(6));
    assertThat(d.isExpired()).isTrue();
    assertThat(d.timeRemaining(TimeUnit.SECONDS)).isEqualTo(-1);
  }

  @Test
  void after_hugeTimeout_saturatesInsteadOfWrapping() {
    Deadline d = Deadline.after(Long.MAX_VALUE, TimeUnit.DAYS, ticker);
    assertThat(d.isExpired()).isFalse();
    assertThat(d.timeRemaining(TimeUnit.DAYS)).isPositive();
  }

  @Test
  void minimum_picksEarlier() {
    Deadline a = Deadline.after(1, TimeUnit.SECONDS, ticker);
    Deadline b = Deadline.after(2, TimeUnit.SECONDS, ticker);
    assertThat(a.minimum(b)).isSameAs(a);
    assertThat(b.minimum(a)).isSameAs(a);
    assertThat(a.minimum(null)).isSameAs(a);
  }

  @Test
  void encodeTimeout_usesFinestUnitThatFitsEightDigits() {
    assertThat(Deadline.encodeTimeout(1)).isEqualTo("1n");
    assertThat(Deadline.encodeTimeout(99_999_999)).isEqualTo("99999999n");
    assertThat(Deadline.encodeTimeout(100_000_000)).isEqualTo("100000u");
    assertThat(Deadline.encodeTimeout(TimeUnit.SECONDS.toNanos(30))).isEqualTo("30000000u");
    assertThat(Deadline.encodeTimeout(TimeUnit.HOURS.toNanos(30))).isEqualTo("108000S");
    assertThat(Deadline.encodeTimeout(0)).isEqualTo("1n");
    assertThat(Deadline.encodeTimeout(-5)).isEqualTo("1n");
  }

  @Test
  void encodeTimeout_roundsUpWhenDroppingPrecision() {
    long nanos = 100_000_001; // needs 'u'; 100000.001 us rounds up
    assertThat(Deadline.encodeTimeout(nanos)).isEqualTo("100001u");
  }

  @Test
  void parseTimeout_everyUnit() {
    assertThat(Deadline.parseTimeout("5n")).isEqualTo(5);
    assertThat(Deadline.parseTimeout("5u")).isEqualTo(5_000);
    assertThat(Deadline.parseTimeout("5m")).isEqualTo(5_000_000);
    assertThat(Deadline.parseTimeout("5S")).isEqualTo(5_000_000_000L);
    assertThat(Deadline.parseTimeout("2M")).isEqualTo(120_000_000_000L);
    assertThat(Deadline.parseTimeout("1H")).isEqualTo(3_600_000_000_000L);
  }

  @Test
  void parseTimeout_encodeThenParse_neverShortens() {
    for (long n : new long[] {1, 999, 123_456_789, 987_654_321_012L, TimeUnit.DAYS.toNanos(400)}) {
      assertThat(Deadline.parseTimeout(Deadline.encodeTimeout(n))).isGreaterThanOrEqualTo(n);
    }
  }

  @Test
  void parseTimeout_malformed_isRejected() {
    for (String bad : new String[] {"", "5", "S", "123456789S", "5s", "-5S", "5 S", "5.0S"}) {
      assertThatThrownBy(() -> Deadline.parseTimeout(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
