package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * round_robin and pick_first over three real servers on 127.0.0.1, 127.0.0.2 and 127.0.0.3 (all
 * loopback on Linux), behind an ipv4 target that lists the three.
 */
class RoundRobinOverLoopbackTest {

  private static final CallOptions WAIT_FOR_READY =
      CallOptions.DEFAULT.withWaitForReady().withTimeout(Duration.ofSeconds(30));

  private final Backends backends = new Backends();
  private final List<Backends.Started> servers = new ArrayList<>();
  private Channel channel;

  @BeforeEach
  void startThree() throws Exception {
    for (int i = 1; i <= 3; i++) {
      servers.add(backends.startOn("backend-" + i, "127.0.0." + i));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(Duration.ofSeconds(30))).isTrue();
    }
    backends.close();
  }

  private String target() {
    return "ipv4:" + String.join(",", servers.stream().map(Backends.Started::hostPort).toList());
  }

  private Channel roundRobin() {
    return Channel.builder(target()).defaultLoadBalancingPolicy("round_robin").build();
  }

  /** Calls until every backend answered once (all three connections are READY), then resets. */
  private void warmUp() throws Exception {
    for (int i = 0; i < 1000 && servers.stream().anyMatch(s -> s.backend().calls() == 0); i++) {
      assertThat(NamedBackend.who(channel, WAIT_FOR_READY).ok()).isTrue();
    }
    servers.forEach(s -> s.backend().resetCalls());
  }

  private Map<String, Integer> calls(int n, CallOptions options) throws Exception {
    Map<String, Integer> byBackend = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Reply r = NamedBackend.who(channel, options);
      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      byBackend.merge(r.message(), 1, Integer::sum);
    }
    return byBackend;
  }

  @Test
  void roundRobin_300Calls_spreadExactly100Each() throws Exception {
    channel = roundRobin();
    warmUp();

    Map<String, Integer> spread = calls(300, CallOptions.DEFAULT);

    assertThat(spread).containsOnly(Map.entry("backend-1", 100), Map.entry("backend-2", 100),
        Map.entry("backend-3", 100));
  }

  @Test
  void roundRobin_oneServerStopped_waitForReadyCallsSucceedOnTheOthers_andItComesBack()
      throws Exception {
    channel = roundRobin();
    warmUp();
    Backends.Started second = servers.get(1);

    second.backend().stop();
    Map<String, Integer> without = calls(200, WAIT_FOR_READY);

    assertThat(without.keySet()).containsExactlyInAnyOrder("backend-1", "backend-3");
    assertThat(without.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);

    Backends.Started restarted = backends.start("backend-2-again", second.address());
    channel.resetConnectBackoff();
    Map<String, Integer> after = new HashMap<>();
    for (int i = 0; i < 1000 && !after.containsKey("backend-2-again"); i++) {
      after.merge(NamedBackend.who(channel, WAIT_FOR_READY).message(), 1, Integer::sum);
    }
    assertThat(after).containsKey("backend-2-again");
    assertThat(restarted.backend().calls()).isPositive();
  }

  @Test
  void roundRobin_serverStoppedWithCallsInFlight_onlyThoseFail() throws Exception {
    channel = roundRobin();
    warmUp();
    Backends.Started second = servers.get(1);
    List<CompletableFuture<Reply>> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(NamedBackend.call(channel, NamedBackend.HOLD, CallOptions.DEFAULT));
    }
    assertThat(second.backend().awaitHeld(1, Duration.ofSeconds(30))).isTrue();
    servers.get(0).backend().release();
    servers.get(2).backend().release();

    second.backend().kill(); // its call in flight ends

    List<Status.Code> codes = new ArrayList<>();
    for (CompletableFuture<Reply> f : held) {
      codes.add(f.get(30, TimeUnit.SECONDS).status().code());
    }
    assertThat(codes).containsExactlyInAnyOrder(Status.Code.OK, Status.Code.OK,
        Status.Code.UNAVAILABLE);
    Map<String, Integer> after = calls(60, WAIT_FOR_READY);
    assertThat(after.keySet()).containsExactlyInAnyOrder("backend-1", "backend-3");
  }

  @Test
  void roundRobin_1000ConcurrentCalls_loseNothing() throws Exception {
    channel = roundRobin();
    warmUp();
    List<CompletableFuture<Reply>> all = new ArrayList<>();

    for (int i = 0; i < 1000; i++) {
      all.add(NamedBackend.call(channel, NamedBackend.WHO, WAIT_FOR_READY));
    }

    Map<String, Integer> byBackend = new HashMap<>();
    for (CompletableFuture<Reply> f : all) {
      Reply r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      byBackend.merge(r.message(), 1, Integer::sum);
    }
    assertThat(byBackend.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
    assertThat(servers.stream().mapToInt(s -> s.backend().calls()).sum()).isEqualTo(1000);
    assertThat(byBackend).hasSize(3);
  }

  @Test
  void pickFirst_firstAddressDead_usesTheSecond() throws Exception {
    int dead = Backends.freePort("127.0.0.1");
    channel = Channel.forTarget("ipv4:127.0.0.1:" + dead + "," + servers.get(1).hostPort());

    Map<String, Integer> spread = calls(10, CallOptions.DEFAULT);

    assertThat(spread).containsOnly(Map.entry("backend-2", 10));
  }

  @Test
  void pickFirst_default_sendsEverythingToTheFirstAddress() throws Exception {
    channel = Channel.forTarget(target());

    assertThat(calls(30, CallOptions.DEFAULT)).containsOnly(Map.entry("backend-1", 30));
    assertThat(channel.authority()).isEqualTo(servers.get(0).hostPort());
    InetSocketAddress first = servers.get(0).address();
    assertThat(first.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
  }
}
