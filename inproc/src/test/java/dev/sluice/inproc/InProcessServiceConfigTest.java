package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.RetryPushback;
import dev.sluice.Status;
import dev.sluice.channel.Attributes;
import dev.sluice.channel.EndpointAddresses;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.channel.NameResolver;
import dev.sluice.channel.NameResolverProvider;
import dev.sluice.channel.ResolutionResult;
import dev.sluice.channel.TargetUri;
import dev.sluice.config.ServiceConfigException;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import dev.sluice.testing.RetryBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Service config over the in-process transport: per-method settings, default and resolver. */
class InProcessServiceConfigTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ids = new AtomicInteger();
  private static final String BACKEND = "sluice.test.Backend";

  private final String name = "sc-test-" + ids.incrementAndGet();
  private final ManualTimeSource clock = new ManualTimeSource();
  private final AtomicReference<String> resolverConfig = new AtomicReference<>();
  /** The in-process servers the resolver reports (by default the one named {@code name}). */
  private final AtomicReference<List<String>> resolverNames = new AtomicReference<>();
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).as("channel terminates").isTrue();
    }
  }

  /** Scheme {@code configured}: the test's server, with whatever config the test sets. */
  private final class ConfiguredResolvers extends NameResolverProvider {
    @Override
    public String scheme() {
      return "configured";
    }

    @Override
    public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
      return new NameResolver() {
        private Listener listener;

        @Override
        public String serviceAuthority() {
          return target.path();
        }

        @Override
        public void start(Listener l) {
          listener = l;
          refresh();
        }

        @Override
        public void refresh() {
          List<String> names = resolverNames.get() != null ? resolverNames.get() : List.of(name);
          listener.onResult(new ResolutionResult(names.stream()
              .map(n -> EndpointAddresses.of(new InProcessSocketAddress(n))).toList(),
              Attributes.EMPTY, resolverConfig.get()));
        }

        @Override
        public void shutdown() {}
      };
    }
  }

  private Channel.Builder viaResolver() {
    return Channel.builder("configured:" + name).nameResolverProvider(new ConfiguredResolvers())
        .timeSource(clock);
  }

  private static String methodConfig(String fields) {
    return "{\"methodConfig\": [{\"name\": [{\"service\": \"" + BACKEND + "\"}], " + fields
        + "}]}";
  }

  private static String retryAll(int maxAttempts) {
    return "{\"methodConfig\": [{\"name\": [{}], \"retryPolicy\": {\"maxAttempts\": "
        + maxAttempts + ", \"initialBackoff\": \"1s\", \"maxBackoff\": \"1s\","
        + " \"backoffMultiplier\": 1, \"retryableStatusCodes\": [\"UNAVAILABLE\"]}}]}";
  }

  @Test
  void build_invalidDefaultServiceConfig_failsNamingTheJsonPath() {
    Channel.Builder b = Channel.builder("inproc:" + name).defaultServiceConfig(
        methodConfig("\"timeout\": \"soon\""));

    assertThatThrownBy(b::build).isInstanceOf(ServiceConfigException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid service config at $.methodConfig[0].timeout: must be a"
            + " duration");
  }

  @Test
  void timeout_fromTheConfig_isTheCallsDeadlineWhenEarlier() throws Exception {
    try (NamedBackend backend = NamedBackend.start(name, new InProcessServerListener(name))) {
      channel = Channel.builder("inproc:" + name)
          .defaultServiceConfig(methodConfig("\"timeout\": \"0.2s\"")).build();

      Reply held = NamedBackend.call(channel, NamedBackend.HOLD,
          CallOptions.DEFAULT.withTimeout(Duration.ofHours(1))).get(WAIT.toSeconds(),
          java.util.concurrent.TimeUnit.SECONDS);

      assertThat(held.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
  }

  @Test
  void waitForReady_fromTheConfig_appliesUnlessTheCallChose() throws Exception {
    channel = Channel.builder("inproc:" + name).timeSource(clock)
        .defaultServiceConfig(methodConfig("\"waitForReady\": true")).build();

    Reply waited = NamedBackend.who(channel, CallOptions.DEFAULT.withTimeout(
        Duration.ofMillis(300)));
    Reply chose = NamedBackend.who(channel, CallOptions.DEFAULT.withoutWaitForReady());

    assertThat(waited.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(waited.status().description()).contains("while waiting for a ready connection");
    assertThat(chose.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void maxResponseMessageBytes_fromTheConfig_failsALargerResponse() throws Exception {
    try (NamedBackend backend = NamedBackend.start(name, new InProcessServerListener(name))) {
      channel = Channel.builder("inproc:" + name)
          .defaultServiceConfig(methodConfig("\"maxResponseMessageBytes\": 3")).build();

      Reply r = NamedBackend.who(channel);

      assertThat(r.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(r.status().description()).contains("over the limit of 3 bytes");
    }
  }

  @Test
  void maxRequestMessageBytes_fromTheConfig_failsALargerRequest() throws Exception {
    try (NamedBackend backend = NamedBackend.start(name, new InProcessServerListener(name))) {
      channel = Channel.builder("inproc:" + name)
          .defaultServiceConfig(methodConfig("\"maxRequestMessageBytes\": 1")).build();

      Reply r = NamedBackend.who(channel); // sends "hi"

      assertThat(r.status().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(backend.calls()).isZero();
    }
  }

  @Test
  void resolverConfig_isUsed_evenByTheCallThatStartedTheChannel() throws Exception {
    resolverConfig.set(retryAll(3));
    try (RetryBackend backend = RetryBackend.start(new InProcessServerListener(name))) {
      channel = viaResolver().build();
      backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));

      RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

      assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
      assertThat(backend.seen()).hasSize(2);
    }
  }

  @Test
  void resolverConfig_winsOverTheDefault_unlessLookUpIsDisabled() throws Exception {
    resolverConfig.set(retryAll(3));
    try (RetryBackend backend = RetryBackend.start(new InProcessServerListener(name))) {
      channel = viaResolver().defaultServiceConfig("{}").disableServiceConfigLookUp().build();
      backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));

      RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

      assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(backend.seen()).hasSize(1);
    }
  }

  @Test
  void invalidResolverConfig_firstResult_noDefault_failsCallsNamingTheProblem()
      throws Exception {
    resolverConfig.set("{\"methodConfig\": [{\"name\": [{\"method\": \"Who\"}]}]}");
    try (NamedBackend backend = NamedBackend.start(name, new InProcessServerListener(name))) {
      channel = viaResolver().build();

      Reply r = NamedBackend.who(channel);

      assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(r.status().description()).isEqualTo("The name resolver of configured:" + name
          + " returned an invalid service config and the channel has no other: Invalid service"
          + " config at $.methodConfig[0].name[0]: a method name needs a service name");
      assertThat(backend.calls()).isZero();
    }
  }

  @Test
  void invalidResolverConfig_firstResult_usesTheDefault() throws Exception {
    resolverConfig.set("{\"methodConfig\": 1}");
    try (RetryBackend backend = RetryBackend.start(new InProcessServerListener(name))) {
      channel = viaResolver().defaultServiceConfig(retryAll(2)).build();
      backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));

      RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

      assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    }
  }

  @Test
  void invalidResolverConfig_later_keepsTheLastGoodOne_andTheNextValidOneWins()
      throws Exception {
    resolverConfig.set(retryAll(3));
    try (RetryBackend backend = RetryBackend.start(new InProcessServerListener(name))) {
      channel = viaResolver().build();
      assertThat(RetryBackend.unary(channel, CallOptions.DEFAULT).status().isOk()).isTrue();

      resolverConfig.set("{\"methodConfig\": [");
      channel.resetConnectBackoff(); // asks the resolver again
      backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));
      RetryBackend.Outcome kept = RetryBackend.unary(channel, CallOptions.DEFAULT);
      assertThat(kept.status().isOk()).as("the last good config still retries").isTrue();

      resolverConfig.set("{}");
      channel.resetConnectBackoff();
      awaitNoMethodConfig();
      backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));
      RetryBackend.Outcome replaced = RetryBackend.unary(channel, CallOptions.DEFAULT);
      assertThat(replaced.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  private void awaitNoMethodConfig() throws InterruptedException {
    // The refresh is applied in the channel's synchronization context; a call's config is read
    // when it starts, so wait until the new one is in force.
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end && channelHasRetryConfig()) {
      Thread.sleep(1);
    }
    assertThat(channelHasRetryConfig()).isFalse();
  }

  private boolean channelHasRetryConfig() {
    try {
      java.lang.reflect.Field core = Channel.class.getSuperclass().getDeclaredField("core");
      core.setAccessible(true);
      return ((dev.sluice.channel.ClientChannel) core.get(channel)).serviceConfig()
          .hasMethodConfigs();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void loadBalancingConfig_inTheDefaultConfig_choosesThePolicy() throws Exception {
    try (NamedBackend backend = NamedBackend.start(name, new InProcessServerListener(name))) {
      channel = Channel.builder("inproc:" + name)
          .defaultServiceConfig("{\"loadBalancingConfig\": [{\"round_robin\": {}}]}").build();

      assertThat(NamedBackend.who(channel).ok()).isTrue();
      assertThat(channelPolicy()).isEqualTo("round_robin");
    }
  }

  @Test
  void loadBalancingConfig_fromTheResolver_replacesTheBuildersPolicy() throws Exception {
    resolverNames.set(List.of(name + "-a", name + "-b"));
    resolverConfig.set("{\"loadBalancingConfig\": [{\"round_robin\": {}}]}");
    try (NamedBackend a = NamedBackend.start(name + "-a",
            new InProcessServerListener(name + "-a"));
        NamedBackend b = NamedBackend.start(name + "-b",
            new InProcessServerListener(name + "-b"))) {
      channel = viaResolver().defaultLoadBalancingPolicy("pick_first").build();
      CallOptions waitForReady = CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT);
      // round_robin uses READY connections: call until both answered, then count.
      for (int i = 0; i < 1000 && (a.calls() == 0 || b.calls() == 0); i++) {
        assertThat(NamedBackend.who(channel, waitForReady).ok()).isTrue();
      }
      a.resetCalls();
      b.resetCalls();

      for (int i = 0; i < 10; i++) {
        assertThat(NamedBackend.who(channel, waitForReady).ok()).isTrue();
      }

      assertThat(List.of(a.calls(), b.calls())).containsExactly(5, 5);
      assertThat(channelPolicy()).isEqualTo("round_robin");
    }
  }

  private String channelPolicy() {
    try {
      java.lang.reflect.Field core = Channel.class.getSuperclass().getDeclaredField("core");
      core.setAccessible(true);
      return ((dev.sluice.channel.ClientChannel) core.get(channel)).serviceConfig()
          .loadBalancingPolicy();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
