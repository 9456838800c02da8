package dev.sluice.bench.soak;

import java.util.Arrays;
import java.util.List;

/**
 * The soak's rule for "keeps growing", applied to one series of samples (a JVM's heap after GC,
 * or its direct memory) taken at a fixed interval after warm-up:
 *
 * <ol>
 *   <li>split the samples, in time order, into thirds (by count; with {@code n} samples each
 *       third is {@code n / 3} long, the middle one taking what is left over);
 *   <li>take the median of the first third and of the last third;
 *   <li>the series grows if {@code last > first × (1 + tolerance) + slack}.
 * </ol>
 *
 * Medians shrug off a single sample caught in the middle of a burst; the tolerance and the slack
 * absorb the allocator taking one more chunk, or the heap settling a little higher. A leak of
 * anything per call or per ping, at a soak's counts, grows by far more. At least three samples
 * per third are needed for a verdict.
 *
 * @param tolerance the relative growth allowed (0.10: 10 %)
 * @param slackBytes the absolute growth allowed on top
 */
record GrowthCheck(double tolerance, long slackBytes) {

  /** Fewer samples after warm-up than this give no verdict. */
  static final int MIN_SAMPLES = 9;

  GrowthCheck {
    if (tolerance < 0 || slackBytes < 0) {
      throw new IllegalArgumentException("tolerance and slack must not be negative");
    }
  }

  /** The verdict on {@code samples} (after warm-up, in time order) of the series {@code name}. */
  Verdict check(String name, List<Long> samples) {
    int n = samples.size();
    if (n < MIN_SAMPLES) {
      throw new IllegalArgumentException("Too few samples of " + name + " after warm-up for a"
          + " verdict: " + n + ", need " + MIN_SAMPLES + " (run longer or sample more often)");
    }
    int third = n / 3;
    long first = median(samples.subList(0, third));
    long last = median(samples.subList(n - third, n));
    long limit = first + Math.round(first * tolerance) + slackBytes;
    return new Verdict(name, n, first, last, limit, last > limit);
  }

  static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** One series' verdict. */
  record Verdict(String series, int samples, long firstThirdMedian, long lastThirdMedian,
      long limit, boolean growing) {

    /** {@code check series=... samples=... first_third_median=... last_third_median=... limit=... verdict=...} */
    String line() {
      return "check series=" + series + " samples=" + samples + " first_third_median="
          + firstThirdMedian + " last_third_median=" + lastThirdMedian + " limit=" + limit
          + " verdict=" + (growing ? "GROWING" : "bounded");
    }
  }
}
