package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.RetryPushback;
import dev.sluice.Status;
import dev.sluice.channel.AttemptRecord;
import dev.sluice.channel.AttemptRecord.Outcome;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.RetryBackend;
import dev.sluice.testing.RetryBackend.Seen;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry policies over real TCP (HTTP/2 on 127.0.0.1), backoff on a virtual clock. */
class RetryOverLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ManualTimeSource clock = new ManualTimeSource();
  private RetryBackend backend;
  private String target;
  private Channel channel;

  @BeforeEach
  void start() throws Exception {
    NettyServerListener l = NettyServerListener.forAddress(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
    backend = RetryBackend.start(l);
    InetSocketAddress bound = (InetSocketAddress) l.boundAddress();
    target = "ipv4:127.0.0.1:" + bound.getPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    backend.close();
  }

  private Channel channel(int maxAttempts) {
    channel = Channel.builder(target).timeSource(clock).backoffJitterSource(() -> 0.5)
        .defaultServiceConfig("{\"methodConfig\": [{\"name\": [{\"service\": \""
            + RetryBackend.SERVICE + "\"}], \"retryPolicy\": {\"maxAttempts\": " + maxAttempts
            + ", \"initialBackoff\": \"0.5s\", \"maxBackoff\": \"5s\", \"backoffMultiplier\": 2,"
            + " \"retryableStatusCodes\": [\"UNAVAILABLE\"]}}]}")
        .build();
    return channel;
  }

  @Test
  void unary_failsThreeTimes_succeedsOnTheFourth_serverSawPreviousAttempts() throws Exception {
    channel(4);
    backend.failNext(3, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(backend.seen()).extracting(Seen::previousAttempts)
        .containsExactly(null, "1", "2", "3");
    assertThat(r.call().attempts()).extracting(AttemptRecord::outcome).containsExactly(
        Outcome.RETRIED_AFTER_PUSHBACK, Outcome.RETRIED_AFTER_PUSHBACK,
        Outcome.RETRIED_AFTER_PUSHBACK, Outcome.DELIVERED);
  }

  @Test
  void unary_retriedAfterBackoff_onTheVirtualClock() throws Exception {
    channel(3);
    backend.failNext(1, Status.UNAVAILABLE, new dev.sluice.Metadata());

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.UNARY, CallOptions.DEFAULT, "hi");
    long end = System.nanoTime() + WAIT.toNanos();
    while (!clock.pendingDelays().contains(Duration.ofMillis(500)) && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    assertThat(backend.seen()).hasSize(1);
    clock.forward(Duration.ofMillis(500));

    assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).status().isOk()).isTrue();
    assertThat(backend.seen()).extracting(Seen::previousAttempts).containsExactly(null, "1");
  }

  @Test
  void pushbackNegative_fromTheServer_stopsRetries() throws Exception {
    channel(4);
    backend.failNext(1, Status.UNAVAILABLE.withDescription("no"), RetryPushback.doNotRetry());

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status()).isEqualTo(Status.UNAVAILABLE.withDescription("no"));
    assertThat(backend.seen()).hasSize(1);
  }

  @Test
  void clientStreaming_retried_replaysEveryMessageOverANewStream() throws Exception {
    channel(2);
    backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.COLLECT,
        CallOptions.DEFAULT, "one", "two", "three").get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.message()).isEqualTo("one+two+three");
    assertThat(backend.seen()).extracting(Seen::messages).containsExactly(
        List.of("one", "two", "three"), List.of("one", "two", "three"));
  }

  @Test
  void hedging_firstTwoStall_theThirdAnswers_andTheServerSeesTheOthersCancelled()
      throws Exception {
    channel = Channel.builder(target).timeSource(clock)
        .defaultServiceConfig("{\"methodConfig\": [{\"name\": [{\"service\": \""
            + RetryBackend.SERVICE + "\"}], \"hedgingPolicy\": {\"maxAttempts\": 3,"
            + " \"hedgingDelay\": \"1s\"}}]}")
        .build();
    backend.stallNext(2);

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.STALL, CallOptions.DEFAULT, "hi");
    for (int seen = 1; seen <= 2; seen++) {
      assertThat(backend.awaitSeen(seen, WAIT)).isTrue();
      long end = System.nanoTime() + WAIT.toNanos();
      while (!clock.pendingDelays().contains(Duration.ofSeconds(1))
          && System.nanoTime() < end) {
        Thread.sleep(1);
      }
      clock.forward(Duration.ofSeconds(1));
    }
    RetryBackend.Outcome r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(backend.seen()).extracting(Seen::previousAttempts).containsExactly(null, "1", "2");
    long end = System.nanoTime() + WAIT.toNanos();
    while (backend.cancelled() < 2 && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    assertThat(backend.cancelled()).isEqualTo(2);
  }

  @Test
  void afterResponseHeaders_noRetry() throws Exception {
    channel(4);
    backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.HEADERS_FIRST,
        CallOptions.DEFAULT, "x").get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(backend.seen()).hasSize(1);
  }
}
