package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.RetryPushback;
import dev.sluice.Status;
import dev.sluice.channel.AttemptRecord;
import dev.sluice.channel.AttemptRecord.Outcome;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.testing.RetryBackend;
import dev.sluice.testing.RetryBackend.Seen;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retry policies (gRFC A6) over the in-process transport: attempts, backoff on the channel's
 * virtual clock, pushback, throttling, replay, commitment and deadlines.
 */
class InProcessRetryTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ids = new AtomicInteger();

  private final String name = "retry-test-" + ids.incrementAndGet();
  private final ManualTimeSource clock = new ManualTimeSource();
  private RetryBackend backend;
  private Channel channel;

  @BeforeEach
  void startBackend() throws Exception {
    backend = RetryBackend.start(new InProcessServerListener(name));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).as("channel terminates").isTrue();
    }
    backend.close();
  }

  static String retryConfig(int maxAttempts, String codes, String extra) {
    return "{\"methodConfig\": [{\"name\": [{\"service\": \"" + RetryBackend.SERVICE + "\"}],"
        + " \"retryPolicy\": {\"maxAttempts\": " + maxAttempts + ", \"initialBackoff\": \"1s\","
        + " \"maxBackoff\": \"10s\", \"backoffMultiplier\": 2,"
        + " \"retryableStatusCodes\": [" + codes + "]}}]" + extra + "}";
  }

  private Channel channel(int maxAttempts, String codes) {
    return channel(retryConfig(maxAttempts, codes, ""));
  }

  private Channel channel(String config) {
    channel = Channel.builder("inproc:" + name).timeSource(clock)
        .backoffJitterSource(() -> 0.5) // jitter factor 0.8 + 0.4 × 0.5 = 1
        .defaultServiceConfig(config).build();
    return channel;
  }

  private static Metadata pushback(long ms) {
    return RetryPushback.retryAfter(Duration.ofMillis(ms));
  }

  private void awaitSeen(int n) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (backend.seen().size() < n && System.nanoTime() < end) {
      Thread.onSpinWait();
      Thread.sleep(1);
    }
    assertThat(backend.seen()).hasSizeGreaterThanOrEqualTo(n);
  }

  private void awaitTimer(Duration delay) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!clock.pendingDelays().contains(delay) && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    assertThat(clock.pendingDelays()).contains(delay);
  }

  @Test
  void unary_failsTwice_succeedsOnTheThirdAttemptAfterBackoff() throws Exception {
    channel(retryConfig(4, "\"UNAVAILABLE\"", ""));
    backend.failNext(2, Status.UNAVAILABLE.withDescription("down"), new Metadata());

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.UNARY, CallOptions.DEFAULT, "hi");
    awaitSeen(1);
    awaitTimer(Duration.ofSeconds(1));
    assertThat(backend.seen()).hasSize(1);
    clock.forward(Duration.ofSeconds(1));
    awaitSeen(2);
    awaitTimer(Duration.ofSeconds(2)); // initialBackoff × multiplier
    clock.forward(Duration.ofSeconds(2));
    RetryBackend.Outcome r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(r.message()).isEqualTo("hi");
    assertThat(backend.seen()).extracting(Seen::previousAttempts).containsExactly(null, "1", "2");
    assertThat(r.call().attempts()).extracting(AttemptRecord::number, AttemptRecord::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Outcome.RETRIED_AFTER_BACKOFF),
            org.assertj.core.groups.Tuple.tuple(2, Outcome.RETRIED_AFTER_BACKOFF),
            org.assertj.core.groups.Tuple.tuple(3, Outcome.DELIVERED));
  }

  @Test
  void unary_nonRetryableCode_makesOneAttempt() throws Exception {
    channel(retryConfig(4, "\"UNAVAILABLE\"", ""));
    backend.failNext(1, Status.INVALID_ARGUMENT.withDescription("bad"), pushback(0));

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(backend.seen()).hasSize(1);
    assertThat(r.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.NOT_RETRYABLE);
  }

  @Test
  void unary_pushbackZero_retriesAtOnce() throws Exception {
    channel(retryConfig(4, "14", ""));
    backend.failNext(1, Status.UNAVAILABLE, pushback(0));

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(backend.seen()).extracting(Seen::previousAttempts).containsExactly(null, "1");
    assertThat(r.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.RETRIED_AFTER_PUSHBACK, Outcome.DELIVERED);
  }

  @Test
  void unary_pushbackDelay_waitsExactlyThatLong() throws Exception {
    channel(retryConfig(4, "\"unavailable\"", ""));
    backend.failNext(1, Status.UNAVAILABLE, pushback(2500));

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.UNARY, CallOptions.DEFAULT, "hi");
    awaitTimer(Duration.ofMillis(2500));
    clock.forward(Duration.ofMillis(2499));
    assertThat(backend.seen()).hasSize(1);
    clock.forward(Duration.ofMillis(1));

    assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).status().isOk()).isTrue();
    assertThat(backend.seen()).hasSize(2);
  }

  @Test
  void unary_pushbackNegative_stopsRetrying() throws Exception {
    channel(retryConfig(4, "\"UNAVAILABLE\"", ""));
    backend.failNext(1, Status.UNAVAILABLE.withDescription("go away"),
        RetryPushback.doNotRetry());

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.status().description()).isEqualTo("go away");
    assertThat(backend.seen()).hasSize(1);
    assertThat(r.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.PUSHBACK_STOPPED);
  }

  @Test
  void unary_alwaysFailing_stopsAfterMaxAttempts_cappedAtFive() throws Exception {
    channel(retryConfig(9, "\"UNAVAILABLE\"", ""));
    backend.failNext(100, Status.UNAVAILABLE, pushback(0));

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(backend.seen()).extracting(Seen::previousAttempts)
        .containsExactly(null, "1", "2", "3", "4");
    List<AttemptRecord> attempts = r.call().attempts();
    assertThat(attempts).hasSize(5);
    assertThat(attempts.get(4).outcome()).isEqualTo(Outcome.ATTEMPTS_EXHAUSTED);
  }

  @Test
  void throttling_stopsRetriesWhenTheBucketDrains_andResumesAsSuccessesRefillIt()
      throws Exception {
    // 4 tokens, threshold 2: a retry needs more than 2 tokens after the failure is counted.
    channel(retryConfig(2, "\"UNAVAILABLE\"",
        ", \"retryThrottling\": {\"maxTokens\": 4, \"tokenRatio\": 1}"));
    backend.failNext(100, Status.UNAVAILABLE, pushback(0));

    RetryBackend.Outcome first = RetryBackend.unary(channel, CallOptions.DEFAULT); // 4→3→2
    RetryBackend.Outcome second = RetryBackend.unary(channel, CallOptions.DEFAULT); // 2→1

    assertThat(first.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.RETRIED_AFTER_PUSHBACK, Outcome.THROTTLED);
    assertThat(second.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.THROTTLED);
    assertThat(backend.seen()).hasSize(3);

    backend.failNext(0, Status.UNAVAILABLE, new Metadata());
    for (int i = 0; i < 3; i++) { // 1→2→3→4
      assertThat(RetryBackend.unary(channel, CallOptions.DEFAULT).status().isOk()).isTrue();
    }
    backend.failNext(1, Status.UNAVAILABLE, pushback(0));
    RetryBackend.Outcome after = RetryBackend.unary(channel, CallOptions.DEFAULT); // 4→3, retried

    assertThat(after.status().isOk()).as(String.valueOf(after.status())).isTrue();
    assertThat(after.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.RETRIED_AFTER_PUSHBACK, Outcome.DELIVERED);
  }

  @Test
  void clientStreaming_retriedBeforeHeaders_replaysEveryMessage() throws Exception {
    channel(retryConfig(3, "\"UNAVAILABLE\"", ""));
    backend.failNext(1, Status.UNAVAILABLE, pushback(0));

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.COLLECT,
        CallOptions.DEFAULT, "a", "b", "c").get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(r.message()).isEqualTo("a+b+c");
    assertThat(backend.seen()).extracting(Seen::messages)
        .containsExactly(List.of("a", "b", "c"), List.of("a", "b", "c"));
  }

  @Test
  void afterResponseHeaders_theCallIsCommitted_andNotRetried() throws Exception {
    channel(retryConfig(3, "\"UNAVAILABLE\"", ""));
    backend.failNext(1, Status.UNAVAILABLE.withDescription("after headers"), pushback(0));

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.HEADERS_FIRST,
        CallOptions.DEFAULT, "hi").get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(backend.seen()).hasSize(1);
    assertThat(r.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.COMMITTED);
  }

  @Test
  void messagesOverThePerCallBuffer_commitTheCall_whichIsNotRetried() throws Exception {
    channel = Channel.builder("inproc:" + name).timeSource(clock).perRpcBufferLimit(6)
        .defaultServiceConfig(retryConfig(3, "\"UNAVAILABLE\"", "")).build();
    backend.failNext(1, Status.UNAVAILABLE, pushback(0));

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.COLLECT,
        CallOptions.DEFAULT, "aaaa", "bbbb").get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(backend.seen()).hasSize(1);
    assertThat(backend.seen().get(0).messages()).containsExactly("aaaa", "bbbb");
  }

  @Test
  void messagesOverTheChannelBuffer_commitTheCall_whichIsNotRetried() throws Exception {
    channel = Channel.builder("inproc:" + name).timeSource(clock).retryBufferSize(6)
        .defaultServiceConfig(retryConfig(3, "\"UNAVAILABLE\"", "")).build();
    backend.failNext(1, Status.UNAVAILABLE, pushback(0));

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.COLLECT,
        CallOptions.DEFAULT, "aaaa", "bbbb").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    RetryBackend.Outcome small = RetryBackend.call(channel, RetryBackend.COLLECT,
        CallOptions.DEFAULT, "cc").get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(backend.seen()).hasSize(2);
    assertThat(small.status().isOk()).as("the first call's bytes left the channel's count")
        .isTrue();
  }

  @Test
  void deadlinePassingDuringBackoff_endsTheCall_withoutAnotherAttempt() throws Exception {
    channel(retryConfig(4, "\"UNAVAILABLE\"", ""));
    backend.failNext(100, Status.UNAVAILABLE.withDescription("down"), new Metadata());

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.UNARY,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)), "hi")
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(r.status().description()).contains("while waiting to retry (attempt 1 ended with"
        + " UNAVAILABLE: down)");
    assertThat(backend.seen()).hasSize(1);
    assertThat(clock.pendingDelays()).doesNotContain(Duration.ofSeconds(1));
  }

  @Test
  void gracefulShutdown_duringABackoff_letsTheRetryRun() throws Exception {
    channel(3, "\"UNAVAILABLE\"");
    backend.failNext(1, Status.UNAVAILABLE, new Metadata());

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.UNARY, CallOptions.DEFAULT, "hi");
    awaitTimer(Duration.ofSeconds(1));
    channel.shutdown();
    assertThat(channel.isTerminated()).isFalse();
    clock.forward(Duration.ofSeconds(1));

    RetryBackend.Outcome r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(channel.awaitTermination(WAIT)).isTrue();
  }

  @Test
  void shutdownNow_duringABackoff_endsTheCall() throws Exception {
    channel(3, "\"UNAVAILABLE\"");
    backend.failNext(1, Status.UNAVAILABLE, new Metadata());

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.UNARY, CallOptions.DEFAULT, "hi");
    awaitTimer(Duration.ofSeconds(1));
    channel.shutdownNow();

    RetryBackend.Outcome r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(
        Status.UNAVAILABLE.withDescription("Channel shutdownNow invoked"));
    assertThat(backend.seen()).hasSize(1);
    assertThat(channel.awaitTermination(WAIT)).isTrue();
  }

  @Test
  void disableRetry_ignoresThePolicy() throws Exception {
    channel = Channel.builder("inproc:" + name).timeSource(clock).disableRetry()
        .defaultServiceConfig(retryConfig(3, "\"UNAVAILABLE\"", "")).build();
    backend.failNext(1, Status.UNAVAILABLE, pushback(0));

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(backend.seen()).hasSize(1);
  }
}
