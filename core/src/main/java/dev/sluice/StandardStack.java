package dev.sluice;

import dev.sluice.compression.CompressionFilter;
import dev.sluice.compression.MessageCodecs;
import dev.sluice.filter.DeadlineFilter;
import dev.sluice.filter.Filter;
import dev.sluice.filter.MessageSizeFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What channels and servers share: the order of the filter stack, and waiting for an end. */
final class StandardStack {

  private StandardStack() {}

  /**
   * The application's filters first, then the deadline filter, the message-size filter and,
   * last, compression: size limits sit above it, so they see uncompressed messages both ways.
   */
  static List<Filter> filters(List<Filter> application, int maxInbound, int maxOutbound,
      MessageCodecs codecs) {
    List<Filter> all = new ArrayList<>(application);
    all.add(new DeadlineFilter());
    all.add(new MessageSizeFilter(maxInbound, maxOutbound));
    all.add(new CompressionFilter(codecs, maxInbound));
    return List.copyOf(all);
  }

  /** Waits for every future; false when {@code timeout} passed first. Failures count as done. */
  static boolean awaitAll(List<CompletableFuture<Void>> futures, Duration timeout)
      throws InterruptedException {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
