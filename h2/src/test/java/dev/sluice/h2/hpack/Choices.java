package dev.sluice.h2.hpack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The decisions a test-input generator makes, taken either from a fuzzer's data (to explore) or
 * from a seeded {@link Random} (to cover a fixed sample in every build), so one generator serves
 * both.
 */
interface Choices {

  /** A number from {@code min} to {@code max}, both included. */
  int between(int min, int max);

  /** {@code length} octets (zeros once a fuzzer's data has run out). */
  byte[] bytes(int length);

  /** True about once in {@code n} times. */
  default boolean oneIn(int n) {
    return between(0, n - 1) == 0;
  }

  /** One of {@code values}. */
  default <T> T pick(List<T> values) {
    return values.get(between(0, values.size() - 1));
  }

  static Choices of(FuzzedDataProvider data) {
    return new Choices() {
      @Override
      public int between(int min, int max) {
        return data.consumeInt(min, max);
      }

      @Override
      public byte[] bytes(int length) {
        return Arrays.copyOf(data.consumeBytes(length), length);
      }
    };
  }

  static Choices of(Random random) {
    return new Choices() {
      @Override
      public int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
      }

      @Override
      public byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
      }
    };
  }
}
