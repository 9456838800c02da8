package dev.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Server;
import dev.sluice.filter.CallInfo;
import dev.sluice.filter.Interceptor;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.services.health.HealthStatusManager;
import dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus;
import dev.sluice.services.test.EchoReply;
import dev.sluice.services.test.EchoRequest;
import dev.sluice.services.test.EchoSluice;
import dev.sluice.stub.ServerCallStreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client-side health checking (gRFC A17) over HTTP/2: three Sluice servers on 127.0.0.1, .2 and
 * .3 behind one {@code round_robin} channel whose service config names a health-check service;
 * each server's health comes from its own {@link HealthStatusManager}.
 */
class ClientHealthCheckingTest {

  private static final String SERVICE = "sluice.test.Echo";
  private static final String HEALTH_CONFIG = "{\"loadBalancingConfig\": [{\"round_robin\": {}}],"
      + " \"healthCheckConfig\": {\"serviceName\": \"" + SERVICE + "\"}}";
  private static final String NO_HEALTH_CONFIG =
      "{\"loadBalancingConfig\": [{\"round_robin\": {}}]}";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** One server: its name (what Say answers), its health, and how many Watch calls it saw. */
  private record Backend(String name, Server server, HealthStatusManager health,
      AtomicInteger watches) {}

  private final List<Backend> backends = new ArrayList<>();
  private Channel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(PATIENCE)).isTrue();
    }
    for (Backend b : backends) {
      b.server().shutdownNow();
      assertThat(b.server().awaitTermination(PATIENCE)).isTrue();
    }
  }

  private Backend start(String name, String host, boolean withHealthService) throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus(SERVICE, ServingStatus.SERVING);
    AtomicInteger watches = new AtomicInteger();
    Server.Builder b = Server.builder()
        .listener(NettyServerListener.forAddress(new InetSocketAddress(host, 0)).build())
        .intercept(new Interceptor() {
          @Override
          public void onReceiveHeaders(CallInfo call, Metadata headers) {
            if (call.head().path().equals("/grpc.health.v1.Health/Watch")) {
              watches.incrementAndGet();
            }
          }
        });
    new EchoSluice.EchoAsyncImplBase() {
      @Override
      public void say(EchoRequest request, ServerCallStreamObserver<EchoReply> responses) {
        responses.onNext(EchoReply.newBuilder().setText(name).build());
        responses.onCompleted();
      }
    }.bindService().addTo(b);
    if (withHealthService) {
      health.healthService().addTo(b);
    }
    Backend backend = new Backend(name, b.build().start(), health, watches);
    backends.add(backend);
    return backend;
  }

  private void startThree(boolean thirdHasHealthService) throws Exception {
    start("backend-1", "127.0.0.1", true);
    start("backend-2", "127.0.0.2", true);
    start("backend-3", "127.0.0.3", thirdHasHealthService);
  }

  private Channel channel(String serviceConfig) {
    List<String> hostPorts = new ArrayList<>();
    for (Backend b : backends) {
      hostPorts.add(b.server().addresses().get(0)); // host:port
    }
    channel = Channel.builder("ipv4:" + String.join(",", hostPorts))
        .defaultServiceConfig(serviceConfig).build();
    return channel;
  }

  private String say() {
    return EchoSluice.newBlockingStub(channel).withWaitForReady().withTimeout(PATIENCE)
        .say(EchoRequest.getDefaultInstance()).getText();
  }

  private Map<String, Integer> calls(int n) {
    Map<String, Integer> byBackend = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byBackend.merge(say(), 1, Integer::sum);
    }
    return byBackend;
  }

  /**
   * Calls until {@code runs} consecutive calls satisfy {@code ok} (at most a few thousand calls):
   * how a test waits for the channel to learn of a health change without sleeping.
   */
  private void callUntil(Predicate<List<String>> ok, int runs) {
    List<String> recent = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      recent.add(say());
      if (recent.size() > runs) {
        recent.remove(0);
      }
      if (recent.size() == runs && ok.test(recent)) {
        return;
      }
    }
    throw new AssertionError("The condition never held; last calls went to " + recent);
  }

  private void warmUp() {
    callUntil(r -> r.containsAll(List.of("backend-1", "backend-2", "backend-3")), 30);
  }

  @Test
  void roundRobin_backendNotServing_getsNoCalls_andAfterServingAgainGetsThemBack()
      throws Exception {
    startThree(true);
    channel(HEALTH_CONFIG);
    warmUp();
    Backend second = backends.get(1);

    second.health().setStatus(SERVICE, ServingStatus.NOT_SERVING);
    callUntil(r -> !r.contains("backend-2"), 9);
    Map<String, Integer> without = calls(60);

    assertThat(without).containsOnly(Map.entry("backend-1", 30), Map.entry("backend-3", 30));

    second.health().setStatus(SERVICE, ServingStatus.SERVING);
    callUntil(r -> r.contains("backend-2"), 1);
    Map<String, Integer> with = calls(90);

    assertThat(with).containsOnly(Map.entry("backend-1", 30), Map.entry("backend-2", 30),
        Map.entry("backend-3", 30));
    for (Backend b : backends) {
      assertThat(b.watches().get()).as(b.name() + "'s Watch calls").isEqualTo(1);
    }
  }

  @Test
  void roundRobin_serviceUnknownOnABackend_itGetsNoCalls() throws Exception {
    startThree(true);
    backends.get(0).health().clearStatus(SERVICE);
    channel(HEALTH_CONFIG);
    callUntil(r -> r.containsAll(List.of("backend-2", "backend-3")), 30);

    Map<String, Integer> spread = calls(60);

    assertThat(spread).containsOnly(Map.entry("backend-2", 30), Map.entry("backend-3", 30));
  }

  @Test
  void roundRobin_backendWithoutHealthService_isCountedHealthy_andGetsCalls() throws Exception {
    startThree(false);
    channel(HEALTH_CONFIG);
    warmUp();

    Map<String, Integer> spread = calls(90);

    assertThat(spread).containsOnly(Map.entry("backend-1", 30), Map.entry("backend-2", 30),
        Map.entry("backend-3", 30));
    assertThat(backends.get(2).watches().get()).isEqualTo(1); // tried once, not retried
  }

  @Test
  void roundRobin_noHealthCheckConfig_opensNoWatchStream() throws Exception {
    startThree(true);
    backends.get(1).health().setStatus(SERVICE, ServingStatus.NOT_SERVING);
    channel(NO_HEALTH_CONFIG);
    warmUp();

    Map<String, Integer> spread = calls(90);

    assertThat(spread).containsOnly(Map.entry("backend-1", 30), Map.entry("backend-2", 30),
        Map.entry("backend-3", 30));
    for (Backend b : backends) {
      assertThat(b.watches().get()).as(b.name() + "'s Watch calls").isZero();
    }
  }
}
