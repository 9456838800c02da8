package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-timeout} codec of {@link Deadline}. Its documented contract: {@link
 * Deadline#parseTimeout} returns nanoseconds for 1 to 8 ASCII digits and a unit letter
 * ({@code H M S m u n}) and throws {@link IllegalArgumentException} for anything else, the one
 * exception a header value may cause; {@link Deadline#encodeTimeout} takes any duration. On every
 * input:
 *
 * <ul>
 *   <li>parsing accepts exactly the well-formed values, and gives their exact length in
 *       nanoseconds (saturated at {@link Long#MAX_VALUE}); nothing but {@link
 *       IllegalArgumentException} escapes;
 *   <li>encoding gives a well-formed value in the finest unit that fits eight digits, which
 *       parses back to no less than the duration (a peer never sees a shorter timeout) and less
 *       than one unit more; a duration of zero or less encodes as {@code 1n}.
 * </ul>
 *
 * <p>Fuzz input: for parsing, the whole input as ISO-8859-1 octets (a header value as HPACK
 * delivers it); for encoding, the last eight bytes as a long, little-endian (as {@link
 * FuzzedDataProvider#consumeLong()} reads it). Seeds are in {@code
 * GrpcTimeoutFuzzTestInputs/<method>/}; run longer with {@code bin/fuzz grpc-timeout-parse} or
 * {@code bin/fuzz grpc-timeout-encode}.
 */
class GrpcTimeoutFuzzTest {

  private static final String UNITS = "numSMH";
  /** Nanoseconds per unit, in the order of {@link #UNITS}: n, u, m, S, M, H. */
  private static final long[] NANOS = {
    1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L
  };

  @FuzzTest
  void parseTimeout_anyValue_exactNanosOrIllegalArgument(FuzzedDataProvider data) {
    String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
    long nanos;
    try {
      nanos = Deadline.parseTimeout(text);
    } catch (IllegalArgumentException e) {
      assertThat(isWellFormed(text)).as("rejected a well-formed '%s': %s", text, e).isFalse();
      assertThat(e.getMessage()).contains("grpc-timeout");
      return;
    }
    assertThat(isWellFormed(text)).as("accepted a malformed '%s'", text).isTrue();
    assertThat(nanos).isEqualTo(exactNanos(text));
  }

  @FuzzTest
  void encodeTimeout_anyNanos_finestUnitNeverShorter(FuzzedDataProvider data) {
    long nanos = data.consumeLong();
    String text = Deadline.encodeTimeout(nanos);
    assertThat(isWellFormed(text)).as("encoded '%s'", text).isTrue();
    if (nanos <= 0) {
      assertThat(text).isEqualTo("1n");
      return;
    }
    long back = Deadline.parseTimeout(text);
    int unit = UNITS.indexOf(text.charAt(text.length() - 1));
    assertThat(back).as("%d ns encoded as %s", nanos, text).isGreaterThanOrEqualTo(nanos);
    assertThat(back - nanos).as("%d ns encoded as %s", nanos, text).isLessThan(NANOS[unit]);
    if (unit > 0) {
      long inFinerUnit = nanos / NANOS[unit - 1] + (nanos % NANOS[unit - 1] == 0 ? 0 : 1);
      assertThat(inFinerUnit).as("%d ns fit a finer unit than %s", nanos, text)
          .isGreaterThan(99_999_999L);
    }
  }

  /** 1 to 8 ASCII digits, then one of the six unit letters. */
  private static boolean isWellFormed(String text) {
    int n = text.length();
    if (n < 2 || n > 9 || UNITS.indexOf(text.charAt(n - 1)) < 0) {
      return false;
    }
    for (int i = 0; i < n - 1; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static long exactNanos(String text) {
    int n = text.length();
    BigInteger exact = new BigInteger(text.substring(0, n - 1))
        .multiply(BigInteger.valueOf(NANOS[UNITS.indexOf(text.charAt(n - 1))]));
    return exact.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
  }
}
