package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.h2.H2Config;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import dev.sluice.transport.ConnectivityState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GOAWAY and transparent retry over real sockets: calls the server application never saw are
 * sent again on another connection, without the application noticing.
 */
class TransparentRetryOverLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Backends backends = new Backends();
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    backends.close();
  }

  @Test
  void gracefulShutdown_callsQueuedOnTheConnection_completeOnAnotherServer() throws Exception {
    // One stream at a time on the first server: a held call takes it, and the calls after it
    // wait inside the client's connection, never sent.
    Backends.Started first = backends.start("first",
        new java.net.InetSocketAddress("127.0.0.1", 0), H2Config.DEFAULT.withMaxConcurrentStreams(1));
    Backends.Started second = backends.startOn("second", "127.0.0.2");
    channel = Channel.forTarget("ipv4:" + first.hostPort() + "," + second.hostPort());
    CompletableFuture<Reply> held = NamedBackend.call(channel, NamedBackend.HOLD,
        CallOptions.DEFAULT);
    assertThat(first.backend().awaitHeld(1, WAIT)).isTrue();
    List<CompletableFuture<Reply>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // Picked at once (the channel is READY on the first server) and queued in its connection.
      queued.add(NamedBackend.call(channel, NamedBackend.WHO, CallOptions.DEFAULT));
    }

    first.backend().server().shutdown(); // GOAWAY; the held call may finish

    for (CompletableFuture<Reply> f : queued) {
      Reply r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      assertThat(r.message()).isEqualTo("second");
    }
    first.backend().release();
    Reply h = held.get(30, TimeUnit.SECONDS);
    assertThat(h.ok()).as(String.valueOf(h.status())).isTrue();
    assertThat(h.message()).isEqualTo("first");
    assertThat(first.backend().calls()).isEqualTo(1);
    assertThat(second.backend().calls()).isEqualTo(5);
  }

  @Test
  void gracefulShutdown_during200ConcurrentCalls_noCallFails() throws Exception {
    Backends.Started first = backends.startOn("first", "127.0.0.1");
    Backends.Started second = backends.startOn("second", "127.0.0.2");
    channel = Channel.builder("ipv4:" + first.hostPort() + "," + second.hostPort())
        .defaultLoadBalancingPolicy("round_robin").build();
    for (int i = 0; i < 50 && (first.backend().calls() == 0 || second.backend().calls() == 0);
        i++) {
      NamedBackend.who(channel, CallOptions.DEFAULT.withWaitForReady());
    }
    List<CompletableFuture<Reply>> calls = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      if (i == 100) {
        first.backend().server().shutdown();
      }
      calls.add(NamedBackend.call(channel, NamedBackend.WHO, CallOptions.DEFAULT));
    }

    Map<String, Integer> byBackend = new HashMap<>();
    for (CompletableFuture<Reply> f : calls) {
      Reply r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      byBackend.merge(r.message(), 1, Integer::sum);
    }
    assertThat(byBackend.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    assertThat(NamedBackend.who(channel).message()).isEqualTo("second");
  }

  @Test
  void goaway_withNoCallsInFlight_channelGoesIdle_andTheNextCallReconnects() throws Exception {
    Backends.Started first = backends.startOn("first", "127.0.0.1");
    channel = Channel.forTarget("ipv4:" + first.hostPort());
    assertThat(NamedBackend.who(channel).ok()).isTrue();

    first.backend().stop(); // GOAWAY, then the connection closes
    assertThat(channel.awaitStateChange(ConnectivityState.READY, WAIT)).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);

    backends.start("again", first.address());
    Reply r = NamedBackend.who(channel);
    assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
    assertThat(r.message()).isEqualTo("again");
  }

  @Test
  void goaway_streamsAboveLastStreamId_areRetriedOnceOnANewConnection() throws Exception {
    try (ScriptedH2Server server = new ScriptedH2Server(3)) {
      channel = Channel.forTarget("ipv4:127.0.0.1:" + server.port());
      channel.getState(true);
      Await.until("READY", () -> channel.getState(false) == ConnectivityState.READY);
      List<CompletableFuture<Reply>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(NamedBackend.call(channel, NamedBackend.WHO, CallOptions.DEFAULT));
      }

      List<String> replies = new ArrayList<>();
      for (CompletableFuture<Reply> f : calls) {
        Reply r = f.get(30, TimeUnit.SECONDS);
        assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
        replies.add(r.message());
      }

      // Streams 1, 3 and 5 reached the first connection; GOAWAY(last-stream-id 1) told us the
      // server processed only stream 1, so 3 and 5 went again on a second connection.
      assertThat(replies).containsExactly("first", "second", "second");
      assertThat(server.streams).hasSize(2);
      assertThat(server.streams.get(0)).containsExactly(1, 3, 5);
      assertThat(server.streams.get(1)).hasSize(2);
    }
  }
}
