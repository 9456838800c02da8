package dev.sluice.bench.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Heap retained per open, idle stream, on the client and on the server: used heap after GC with
 * the streams open, less used heap after GC before opening them, over the number of streams. The
 * client measures its own heap and asks the server's through the server's probe. The connection
 * should already be open and used (a few calls) before {@link #measure}, so that the difference
 * is the streams' alone, not the connection's or first-use class loading.
 *
 * <p>Each stream has one exchange (one request, one response) and then stays open, idle, until
 * the client exits: the response proves the server has set the stream up all the way to the
 * handler, which a stream that only sent headers would not.
 */
public final class IdleStreams {

  /** Opens the streams; each side's client implements it with its own library. */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens {@code count} streams on the connection and sends one request on each; reports each
     * stream's response (or failure) to {@code answers}, from whatever thread it arrives on. It
     * need not wait for them. The streams stay open after their response.
     */
    void openAll(int count, Answers answers) throws Exception;
  }

  /**
   * Counts the first response of each stream, from any thread, and lets the opener wait for
   * all of them.
   */
  public static final class Answers {
    private final CountDownLatch pending;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    /** Answers for {@code count} streams. */
    public Answers(int count) {
      pending = new CountDownLatch(count);
    }

    /** A stream had its response. Call it once per stream. */
    public void answered() {
      pending.countDown();
    }

    /** A stream failed before its response. */
    public void failed(Throwable t) {
      failures.incrementAndGet();
      firstFailure.compareAndSet(null, t);
      pending.countDown();
    }

    /** Waits for every stream; throws if one failed or {@code timeout} passed first. */
    public void await(Duration timeout) throws InterruptedException, IOException {
      if (!pending.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IOException(pending.getCount() + " streams still had no response after "
            + timeout.toSeconds() + " s");
      }
      if (failures.get() > 0) {
        throw new IOException(failures.get() + " streams failed", firstFailure.get());
      }
    }
  }

  /**
   * What was measured; heap figures are used bytes after GC.
   *
   * @param openSeconds how long opening and answering all streams took
   */
  public record Result(String impl, int streams, double openSeconds, long clientBefore,
      long clientAfter, long serverBefore, long serverAfter) {

    /** Retained client heap per stream, bytes. */
    public double clientBytesPerStream() {
      return (double) (clientAfter - clientBefore) / streams;
    }

    /** Retained server heap per stream, bytes. */
    public double serverBytesPerStream() {
      return (double) (serverAfter - serverBefore) / streams;
    }

    /** The line bench/bin/compare reads (no line break). */
    public String line() {
      return String.format(Locale.ROOT,
          "result impl=%s scenario=idle_streams transport=h2 streams=%d open_s=%.2f "
              + "client_heap_bytes_per_stream=%.0f server_heap_bytes_per_stream=%.0f "
              + "client_heap_before=%d client_heap_after=%d server_heap_before=%d "
              + "server_heap_after=%d",
          impl, streams, openSeconds, clientBytesPerStream(), serverBytesPerStream(),
          clientBefore, clientAfter, serverBefore, serverAfter);
    }
  }

  private IdleStreams() {}

  /**
   * Measures the heap of both sides, opens {@code streams} streams with {@code opener}, waits up
   * to {@code timeout} for all their responses, and measures again.
   */
  public static Result measure(String impl, int streams, Opener opener, ProbeClient server,
      Duration timeout) throws Exception {
    Objects.requireNonNull(server, "server");
    long serverBefore = server.usedHeapAfterGc();
    long clientBefore = HeapGauge.usedAfterGc();
    long start = System.nanoTime();
    Answers answers = new Answers(streams);
    opener.openAll(streams, answers);
    answers.await(timeout);
    double openSeconds = (System.nanoTime() - start) / 1e9;
    long clientAfter = HeapGauge.usedAfterGc();
    long serverAfter = server.usedHeapAfterGc();
    return new Result(impl, streams, openSeconds, clientBefore, clientAfter, serverBefore,
        serverAfter);
  }
}
