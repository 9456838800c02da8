package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyTransportFactory;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import dev.sluice.transport.ConnectivityState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connecting and reconnecting over real sockets, with backoff, connect timeouts and idle mode on
 * a virtual clock (the channel's time source); call deadlines stay on the real clock.
 */
class ReconnectOverLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final CallOptions WAIT_FOR_READY =
      CallOptions.DEFAULT.withWaitForReady().withTimeout(Duration.ofMinutes(2));

  private final ManualTimeSource clock = new ManualTimeSource();
  private final Backends backends = new Backends();
  private RecordingFactory factory = new RecordingFactory(new NettyTransportFactory(), clock);
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    backends.close();
  }

  private Channel.Builder builder(String target) {
    return Channel.builder(target).transport(factory).timeSource(clock);
  }

  /**
   * Waits until attempt {@code n} failed and its backoff timer is all that is pending (its
   * connect timer, which lasts longer than its slot in these tests, is gone). Targets here are
   * ipv4 lists, whose resolver sets no timer.
   */
  private Duration awaitBackoffAfter(int n) throws Exception {
    Await.until("attempt " + n, () -> factory.attempts.size() >= n);
    RecordingFactory.Attempt a = factory.attempts.get(n - 1);
    a.transport().terminationFuture().get(30, TimeUnit.SECONDS);
    Duration connectTimeout = a.options().connectTimeout();
    Await.until("the backoff timer of attempt " + n, () -> {
      List<Duration> pending = clock.pendingDelays();
      return pending.size() == 1 && !pending.get(0).equals(connectTimeout);
    });
    return clock.pendingDelays().get(0);
  }

  @Test
  void backoff_unreachableAddress_attemptsSpacedOneThenTimesOnePointSix() throws Exception {
    int dead = Backends.freePort("127.0.0.1");
    channel = builder("ipv4:127.0.0.1:" + dead).backoffJitterSource(() -> 0.5).build();
    CompletableFuture<Reply> waiting = NamedBackend.call(channel, NamedBackend.WHO,
        WAIT_FOR_READY);

    List<Duration> slots = new ArrayList<>();
    for (int n = 1; n <= 6; n++) {
      Duration slot = awaitBackoffAfter(n);
      slots.add(slot);
      clock.forward(slot);
    }
    Await.until("attempt 7", () -> factory.attempts.size() == 7);

    assertThat(slots).containsExactly(Duration.ofMillis(1000), Duration.ofMillis(1600),
        Duration.ofMillis(2560), Duration.ofNanos(4_096_000_000L),
        Duration.ofNanos(6_553_600_000L), Duration.ofNanos(10_485_760_000L));
    assertThat(factory.times()).containsExactly(Duration.ZERO, Duration.ofMillis(1000),
        Duration.ofMillis(2600), Duration.ofMillis(5160), Duration.ofNanos(9_256_000_000L),
        Duration.ofNanos(15_809_600_000L), Duration.ofNanos(26_295_360_000L));
    assertThat(factory.attempts).allSatisfy(a -> assertThat(a.options().connectTimeout())
        .isEqualTo(Duration.ofSeconds(20)));
    assertThat(waiting).isNotDone();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
  }

  @Test
  void backoff_afterAConnectionWasReady_startsAgainAtOneSecond() throws Exception {
    int port = Backends.freePort("127.0.0.1");
    channel = builder("ipv4:127.0.0.1:" + port).backoffJitterSource(() -> 0.5)
        .idleTimeout(Duration.ofDays(30)).build(); // no idle timer among the pending ones
    CompletableFuture<Reply> first = NamedBackend.call(channel, NamedBackend.WHO,
        WAIT_FOR_READY);
    assertThat(awaitBackoffAfter(1)).isEqualTo(Duration.ofMillis(1000));
    clock.forward(Duration.ofMillis(1000));
    assertThat(awaitBackoffAfter(2)).isEqualTo(Duration.ofMillis(1600));
    Backends.Started server = backends.start("up", new InetSocketAddress("127.0.0.1", port));
    clock.forward(Duration.ofMillis(1600));
    assertThat(first.get(30, TimeUnit.SECONDS).ok()).isTrue();

    server.backend().kill();
    Await.until("the lost connection", () -> channel.getState(false) == ConnectivityState.IDLE);
    NamedBackend.call(channel, NamedBackend.WHO, WAIT_FOR_READY);

    assertThat(awaitBackoffAfter(4)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void backoff_jittered_staysWithinTwentyPercentOfEachSlot() throws Exception {
    int dead = Backends.freePort("127.0.0.1");
    Random random = new Random(11);
    // Attempts longer than every slot here, so the connect timer never looks like a backoff.
    channel = builder("ipv4:127.0.0.1:" + dead).minConnectTimeout(Duration.ofMinutes(5))
        .backoffJitterSource(random::nextDouble).build();
    NamedBackend.call(channel, NamedBackend.WHO, WAIT_FOR_READY);

    double nominal = 1000;
    for (int n = 1; n <= 8; n++) {
      Duration slot = awaitBackoffAfter(n);
      assertThat((double) slot.toMillis()).isBetween(nominal * 0.8 - 1, nominal * 1.2 + 1);
      clock.forward(slot);
      nominal *= 1.6;
    }
  }

  @Test
  void connectTimeout_handshakeThatHangs_isAbandonedAtTwentySeconds() throws Exception {
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // Accepts TCP connections and never answers: the HTTP/2 handshake hangs. Our SETTINGS ack
      // timeout is long, so only the channel's connect timeout can end the attempt.
      H2Config patient = new H2Config(100, 1 << 20, 1 << 24, 16_384, 8_192, 4 << 20,
          Duration.ofMinutes(10), null, Duration.ofSeconds(20), Duration.ofMinutes(5), 2,
          10_000, 1_000, 33, Duration.ofSeconds(1));
      factory = new RecordingFactory(NettyTransportFactory.builder().config(patient).build(),
          clock);
      channel = builder("ipv4:127.0.0.1:" + blackHole.getLocalPort())
          .backoffJitterSource(() -> 0.5).build();
      NamedBackend.call(channel, NamedBackend.WHO, WAIT_FOR_READY);
      Socket accepted = blackHole.accept();
      Await.until("the connect timer", () -> clock.pendingTimers() == 1);

      clock.forward(Duration.ofMillis(19_999));
      assertThat(factory.attempts).hasSize(1);
      assertThat(channel.getState(false)).isEqualTo(ConnectivityState.CONNECTING);
      clock.forward(Duration.ofMillis(1));

      // The 1 s backoff slot ended long ago: the next attempt starts at once.
      Await.until("attempt 2", () -> {
        clock.runDueTasks();
        return factory.attempts.size() == 2;
      });
      assertThat(factory.times()).containsExactly(Duration.ZERO, Duration.ofSeconds(20));
      assertThat(accepted.getInputStream().readAllBytes()).as("the first connection closed")
          .isNotNull();
      blackHole.accept().close();
    }
  }

  @Test
  void minConnectTimeout_knob_shortensTheAttempt() throws Exception {
    int dead = Backends.freePort("127.0.0.1");
    channel = builder("ipv4:127.0.0.1:" + dead).minConnectTimeout(Duration.ofSeconds(5))
        .initialReconnectBackoff(Duration.ofMillis(100)).backoffJitterSource(() -> 0.5).build();
    NamedBackend.call(channel, NamedBackend.WHO, WAIT_FOR_READY);

    assertThat(awaitBackoffAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(factory.attempts.get(0).options().connectTimeout())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void resetConnectBackoff_duringALongBackoff_reconnectsAtOnce() throws Exception {
    int port = Backends.freePort("127.0.0.1");
    channel = builder("ipv4:127.0.0.1:" + port).initialReconnectBackoff(Duration.ofSeconds(15))
        .backoffJitterSource(() -> 0.5).build();
    CompletableFuture<Reply> waiting = NamedBackend.call(channel, NamedBackend.WHO,
        WAIT_FOR_READY);
    assertThat(awaitBackoffAfter(1)).isEqualTo(Duration.ofSeconds(15));
    backends.start("late", new InetSocketAddress("127.0.0.1", port));

    channel.resetConnectBackoff();

    Reply r = waiting.get(30, TimeUnit.SECONDS);
    assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
    assertThat(factory.times()).containsExactly(Duration.ZERO, Duration.ZERO);
  }

  @Test
  void waitForReady_serverStartsBeforeTheDeadline_callSucceeds() throws Exception {
    int port = Backends.freePort("127.0.0.1");
    channel = builder("ipv4:127.0.0.1:" + port).backoffJitterSource(() -> 0.5).build();
    CompletableFuture<Reply> waiting = NamedBackend.call(channel, NamedBackend.WHO,
        WAIT_FOR_READY);
    Duration slot = awaitBackoffAfter(1);

    backends.start("late", new InetSocketAddress("127.0.0.1", port));
    clock.forward(slot);

    Reply r = waiting.get(30, TimeUnit.SECONDS);
    assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
    assertThat(r.message()).isEqualTo("late");
  }

  @Test
  void waitForReady_noServer_failsDeadlineExceededWithTheConnectionError() throws Exception {
    int port = Backends.freePort("127.0.0.1");
    channel = builder("ipv4:127.0.0.1:" + port).build();

    Reply r = NamedBackend.who(channel,
        CallOptions.DEFAULT.withWaitForReady().withTimeout(Duration.ofMillis(500)));

    assertThat(r.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(r.status().description()).contains("while waiting for a ready connection")
        .contains("Could not connect to 127.0.0.1:" + port);
  }

  @Test
  void failFast_noServer_failsUnavailableWithTheConnectionError() throws Exception {
    int port = Backends.freePort("127.0.0.1");
    channel = builder("ipv4:127.0.0.1:" + port).build();

    Reply r = NamedBackend.who(channel);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.status().description()).startsWith("Failed to connect to all addresses of "
        + "ipv4:127.0.0.1:" + port + "; last error: UNAVAILABLE: Could not connect to 127.0.0.1:"
        + port);
  }

  @Test
  void idle_afterTheTimeout_connectionsClose_andTheNextCallReconnects() throws Exception {
    Backends.Started server = backends.startOn("idle", "127.0.0.1");
    channel = builder("ipv4:" + server.hostPort()).idleTimeout(Duration.ofSeconds(1)).build();
    assertThat(NamedBackend.who(channel).ok()).isTrue();

    clock.forward(Duration.ofSeconds(1));

    assertThat(channel.awaitStateChange(ConnectivityState.READY, WAIT)).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
    factory.attempts.get(0).transport().terminationFuture().get(30, TimeUnit.SECONDS);
    assertThat(NamedBackend.who(channel).ok()).isTrue();
    assertThat(factory.attempts).hasSize(2);
    assertThat(server.backend().calls()).isEqualTo(2);
  }

  @Test
  void serverKilledMidCall_callFailsUnavailable_andTheNextCallReconnects() throws Exception {
    Backends.Started first = backends.startOn("first", "127.0.0.1");
    channel = builder("ipv4:" + first.hostPort()).build();
    CompletableFuture<Reply> held = NamedBackend.call(channel, NamedBackend.HOLD,
        CallOptions.DEFAULT);
    assertThat(first.backend().awaitHeld(1, WAIT)).isTrue();

    first.backend().kill();

    Reply r = held.get(30, TimeUnit.SECONDS);
    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(channel.awaitStateChange(ConnectivityState.READY, WAIT)).isTrue();
    assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
    backends.start("second", first.address());
    Reply next = NamedBackend.who(channel);
    assertThat(next.ok()).as(String.valueOf(next.status())).isTrue();
    assertThat(next.message()).isEqualTo("second");
  }
}
