package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.channel.AttemptRecord;
import dev.sluice.channel.AttemptRecord.Outcome;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.testing.RetryBackend;
import dev.sluice.testing.RetryBackend.Seen;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hedging policies (gRFC A6) over the in-process transport, hedging delay on a virtual clock. */
class InProcessHedgingTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ids = new AtomicInteger();

  private final String name = "hedging-test-" + ids.incrementAndGet();
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

  private Channel channel(int maxAttempts, String delay, String nonFatal) {
    channel = Channel.builder("inproc:" + name).timeSource(clock)
        .defaultServiceConfig("{\"methodConfig\": [{\"name\": [{\"service\": \""
            + RetryBackend.SERVICE + "\"}], \"hedgingPolicy\": {\"maxAttempts\": " + maxAttempts
            + ", \"hedgingDelay\": \"" + delay + "\", \"nonFatalStatusCodes\": [" + nonFatal
            + "]}}]}")
        .build();
    return channel;
  }

  private void awaitTimer(Duration d) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!clock.pendingDelays().contains(d) && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    assertThat(clock.pendingDelays()).contains(d);
  }

  @Test
  void threeHedges_firstTwoStall_theThirdAnswers_andTheOthersAreCancelled() throws Exception {
    channel(3, "1s", "\"UNAVAILABLE\"");
    backend.stallNext(2);

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.STALL, CallOptions.DEFAULT, "hi");
    assertThat(backend.awaitSeen(1, WAIT)).isTrue();
    awaitTimer(Duration.ofSeconds(1));
    clock.forward(Duration.ofSeconds(1));
    assertThat(backend.awaitSeen(2, WAIT)).isTrue();
    awaitTimer(Duration.ofSeconds(1));
    clock.forward(Duration.ofSeconds(1));
    RetryBackend.Outcome r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(r.message()).isEqualTo("hi");
    assertThat(backend.seen()).extracting(Seen::previousAttempts).containsExactly(null, "1", "2");
    long end = System.nanoTime() + WAIT.toNanos();
    while (backend.cancelled() < 2 && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    assertThat(backend.cancelled()).as("the server saw both other hedges cancelled").isEqualTo(2);
    assertThat(r.call().attempts()).extracting(AttemptRecord::number, AttemptRecord::outcome)
        .containsExactlyInAnyOrder(tuple(1, Outcome.HEDGE_CANCELLED),
            tuple(2, Outcome.HEDGE_CANCELLED), tuple(3, Outcome.DELIVERED));
  }

  @Test
  void nonFatalFailure_sendsTheNextHedgeAtOnce() throws Exception {
    channel(3, "10s", "\"UNAVAILABLE\"");
    backend.failNext(1, Status.UNAVAILABLE, new Metadata());

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(backend.seen()).extracting(Seen::previousAttempts).containsExactly(null, "1");
    assertThat(r.call().attempts()).extracting(AttemptRecord::outcome)
        .containsExactly(Outcome.HEDGE_FAILED, Outcome.DELIVERED);
  }

  @Test
  void fatalFailure_endsTheCall_withoutMoreHedges() throws Exception {
    channel(3, "10s", "\"UNAVAILABLE\"");
    backend.failNext(1, Status.INVALID_ARGUMENT.withDescription("bad"), new Metadata());

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status()).isEqualTo(Status.INVALID_ARGUMENT.withDescription("bad"));
    assertThat(backend.seen()).hasSize(1);
  }

  @Test
  void everyHedgeFails_theLastFailureEndsTheCall() throws Exception {
    channel(3, "0s", "\"UNAVAILABLE\"");
    backend.failNext(100, Status.UNAVAILABLE.withDescription("down"), new Metadata());

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status()).isEqualTo(Status.UNAVAILABLE.withDescription("down"));
    assertThat(backend.seen()).hasSize(3);
  }

  @Test
  void clientStreaming_laterHedge_getsEveryMessageReplayed() throws Exception {
    channel(2, "10s", "\"UNAVAILABLE\"");
    backend.failNext(1, Status.UNAVAILABLE, new Metadata());

    RetryBackend.Outcome r = RetryBackend.call(channel, RetryBackend.COLLECT,
        CallOptions.DEFAULT, "a", "b").get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.message()).isEqualTo("a+b");
    assertThat(backend.seen()).extracting(Seen::messages)
        .containsExactly(java.util.List.of("a", "b"), java.util.List.of("a", "b"));
  }
}
