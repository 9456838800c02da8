package dev.sluice.h2.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.Marshallers;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client-side health checking (gRFC A17) with nothing but the core and the HTTP/2 transport: the
 * servers' {@code grpc.health.v1.Health/Watch} is written here on raw bytes (no protobuf), and
 * each Watch call follows a script, so the tests see how the channel retries a Watch that ends.
 */
class HealthCheckOverLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final MethodDescriptor<byte[], byte[]> WATCH = MethodDescriptor.create(
      "grpc.health.v1.Health/Watch", MethodType.SERVER_STREAMING, Marshallers.BYTES,
      Marshallers.BYTES);
  private static final byte[] SERVING = {0x08, 1};
  private static final byte[] WATCH_SVC = {0x0a, 3, 's', 'v', 'c'};
  private static final String HEALTH_CONFIG = "{\"loadBalancingConfig\": [{\"round_robin\": {}}],"
      + " \"healthCheckConfig\": {\"serviceName\": \"svc\"}}";

  /** What one Watch call does. */
  private enum Script { SERVE, SERVING_THEN_FAIL, FAIL_AT_ONCE }

  /** A server answering WHO with its name and Watch as its script says. */
  private static final class Backend {
    final String name;
    final Queue<Script> scripts = new ConcurrentLinkedQueue<>();
    final Queue<byte[]> requests = new ConcurrentLinkedQueue<>();
    final Semaphore watches = new Semaphore(0);
    final Server server;

    Backend(String name, String ip) throws Exception {
      this(name, new InetSocketAddress(ip, 0), true);
    }

    /** @param withWatch false: a server without the health service (Watch is UNIMPLEMENTED) */
    Backend(String name, InetSocketAddress address, boolean withWatch) throws Exception {
      this.name = name;
      Server.Builder b = Server.builder()
          .listener(NettyServerListener.forAddress(address).build())
          .addMethod(NamedBackend.WHO, call -> {
            await(call, new Batch().recvMessage());
            await(call, new Batch().sendInitialMetadata(new Metadata()).sendMessage(name)
                .sendStatusFromServer(Status.OK, new Metadata()));
          });
      if (withWatch) {
        b.addMethod(WATCH, this::watch);
      }
      this.server = b.build().start();
    }

    private void watch(Call call) throws Exception {
      requests.add(await(call, new Batch().recvMessage()).message());
      watches.release();
      Script script = scripts.poll();
      Batch reply = new Batch().sendInitialMetadata(new Metadata());
      switch (script == null ? Script.SERVE : script) {
        case SERVE -> {
          await(call, reply.sendMessage(SERVING));
          await(call, new Batch().recvCloseOnServer()); // until the client cancels
        }
        case SERVING_THEN_FAIL -> await(call, reply.sendMessage(SERVING)
            .sendStatusFromServer(Status.UNAVAILABLE.withDescription("scripted"), new Metadata()));
        case FAIL_AT_ONCE -> await(call, reply.sendStatusFromServer(
            Status.UNAVAILABLE.withDescription("scripted"), new Metadata()));
      }
    }

    private static Batch await(Call call, Batch b) throws Exception {
      CompletableFuture<Batch> done = new CompletableFuture<>();
      call.startBatch(b, (batch, ok) -> done.complete(batch));
      return done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean awaitWatches(int n) throws InterruptedException {
      return watches.tryAcquire(n, WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private final List<Backend> backends = new ArrayList<>();
  private Channel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    for (Backend b : backends) {
      b.server.shutdownNow();
      assertThat(b.server.awaitTermination(WAIT)).isTrue();
    }
  }

  private void startThree() throws Exception {
    for (int i = 1; i <= 3; i++) {
      backends.add(new Backend("backend-" + i, "127.0.0." + i));
    }
  }

  /** Builds the channel and has it connect (it starts idle). */
  private Channel channel(Channel.Builder b) {
    channel = b.build();
    channel.getState(true);
    return channel;
  }

  private Channel.Builder builder() {
    List<String> hostPorts = backends.stream().map(b -> b.server.addresses().get(0)).toList();
    return Channel.builder("ipv4:" + String.join(",", hostPorts));
  }

  /** A fresh deadline per call: a timeout becomes a deadline when the options are made. */
  private static CallOptions waitForReady() {
    return CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT);
  }

  private Map<String, Integer> calls(int n) throws Exception {
    Map<String, Integer> byBackend = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Reply r = NamedBackend.who(channel, waitForReady());
      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      byBackend.merge(r.message(), 1, Integer::sum);
    }
    return byBackend;
  }

  /** Calls until every backend answered one (each is READY and healthy). */
  private void warmUp() throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < 3000 && seen.size() < backends.size(); i++) {
      Reply r = NamedBackend.who(channel, waitForReady());
      assertThat(r.ok()).as(String.valueOf(r.status())).isTrue();
      seen.merge(r.message(), 1, Integer::sum);
    }
    assertThat(seen).hasSize(backends.size());
  }

  private static void assertEvenSpread(Map<String, Integer> spread) {
    assertThat(spread).containsOnly(Map.entry("backend-1", 30), Map.entry("backend-2", 30),
        Map.entry("backend-3", 30));
  }

  @Test
  void watch_carriesTheConfiguredServiceName_oneStreamPerBackend() throws Exception {
    startThree();
    channel(builder().defaultServiceConfig(HEALTH_CONFIG));
    warmUp();

    assertEvenSpread(calls(90));
    for (Backend b : backends) {
      assertThat(b.requests).hasSize(1);
      assertThat(b.requests.peek()).containsExactly(WATCH_SVC);
    }
  }

  @Test
  void watch_endsAfterAResponse_isOpenedAgain_andTheBackendStaysInUse() throws Exception {
    startThree();
    backends.get(1).scripts.add(Script.SERVING_THEN_FAIL);
    channel(builder().defaultServiceConfig(HEALTH_CONFIG));

    assertThat(backends.get(1).awaitWatches(2)).isTrue();
    warmUp();

    assertEvenSpread(calls(90));
  }

  @Test
  void watch_endsWithoutAResponse_isRetriedAfterBackoff_untilItServes() throws Exception {
    startThree();
    backends.get(1).scripts.add(Script.FAIL_AT_ONCE);
    backends.get(1).scripts.add(Script.FAIL_AT_ONCE);
    channel(builder().defaultServiceConfig(HEALTH_CONFIG)
        .initialReconnectBackoff(Duration.ofMillis(20)));

    assertThat(backends.get(1).awaitWatches(3)).isTrue();
    warmUp();

    assertEvenSpread(calls(90));
  }

  @Test
  void unimplemented_disablesTheCheckUntilANewConnection_whichWatchesAgain() throws Exception {
    backends.add(new Backend("backend-1", "127.0.0.1"));
    backends.add(new Backend("backend-2", new InetSocketAddress("127.0.0.2", 0), false));
    backends.add(new Backend("backend-3", "127.0.0.3"));
    channel(builder().defaultServiceConfig(HEALTH_CONFIG)
        .initialReconnectBackoff(Duration.ofMillis(20)));
    warmUp();
    assertEvenSpread(calls(90)); // the one without a health service counts as healthy

    Backend old = backends.get(1);
    String hostPort = old.server.addresses().get(0);
    old.server.shutdownNow();
    assertThat(old.server.awaitTermination(WAIT)).isTrue();
    int colon = hostPort.lastIndexOf(':');
    Backend again = new Backend("backend-2", new InetSocketAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1))), true);
    backends.set(1, again);
    channel.resetConnectBackoff();

    assertThat(again.awaitWatches(1)).isTrue();
    warmUp();
    assertEvenSpread(calls(90));
  }

  @Test
  void pickFirst_withHealthCheckConfig_opensNoWatch() throws Exception {
    startThree();
    channel(builder().defaultServiceConfig(
        "{\"healthCheckConfig\": {\"serviceName\": \"svc\"}}"));

    Map<String, Integer> spread = calls(30);

    assertThat(spread).hasSize(1).containsValue(30); // whichever connected first
    for (Backend b : backends) {
      assertThat(b.requests).isEmpty();
    }
  }
}
