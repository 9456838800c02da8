package dev.sluice.bench.soak;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.stub.ClientCalls;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed number of unary calls on one channel, {@code outstanding} at a time, spread evenly over
 * a span of time: call {@code k} starts no earlier than {@code k × span / calls} after the start,
 * so the load is steady over the whole soak instead of a burst at its beginning (a machine too
 * slow for the pace simply takes longer). With a span of zero, as fast as the loops go. Every
 * answer must carry the request's bytes back; anything else counts as a failure.
 *
 * <p>Thread-safe: completions run on the channel's threads, paced starts on {@code scheduler}.
 */
final class UnaryLoad {

  /** No call may take longer than this; one that does fails rather than hangs. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final Channel channel;
  private final long calls;
  private final int outstanding;
  private final long intervalNanos;
  private final byte[] payload;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final AtomicInteger loopsLeft;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private long startNanos;

  UnaryLoad(Channel channel, long calls, int outstanding, Duration span, byte[] payload,
      ScheduledExecutorService scheduler) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.calls = calls;
    this.outstanding = outstanding;
    this.intervalNanos = calls == 0 ? 0 : span.toNanos() / calls;
    this.payload = Objects.requireNonNull(payload, "payload");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.loopsLeft = new AtomicInteger(outstanding);
  }

  /** Starts the loops; {@link #done()} completes when every call has ended. */
  void start() {
    startNanos = System.nanoTime();
    for (int i = 0; i < outstanding; i++) {
      next();
    }
  }

  private void next() {
    long k = issued.getAndIncrement();
    if (k >= calls) {
      if (loopsLeft.decrementAndGet() == 0) {
        done.complete(null);
      }
      return;
    }
    long wait = startNanos + k * intervalNanos - System.nanoTime();
    if (wait > 0) {
      scheduler.schedule(this::call, wait, TimeUnit.NANOSECONDS);
    } else {
      call();
    }
  }

  private void call() {
    ClientCalls.futureUnary(channel, SoakMethods.UNARY,
        CallOptions.DEFAULT.withTimeout(CALL_TIMEOUT), payload).whenComplete((reply, t) -> {
          if (t == null && !Arrays.equals(reply, payload)) {
            t = new IllegalStateException("The answer did not carry the request's bytes back");
          }
          if (t == null) {
            answered.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, t);
          }
          next();
        });
  }

  /** Completes when every call has ended. */
  CompletableFuture<Void> done() {
    return done;
  }

  long answered() {
    return answered.get();
  }

  long failed() {
    return failed.get();
  }

  /** The first failure, or null. */
  Throwable firstFailure() {
    return firstFailure.get();
  }
}
