package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Status;
import dev.sluice.channel.Attributes;
import dev.sluice.channel.EndpointAddresses;
import dev.sluice.channel.LoadBalancer;
import dev.sluice.channel.LoadBalancerProvider;
import dev.sluice.channel.LoadBalancerRegistry;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.channel.NameResolver;
import dev.sluice.channel.NameResolverProvider;
import dev.sluice.channel.PickResult;
import dev.sluice.channel.ResolutionResult;
import dev.sluice.channel.ResolvedAddresses;
import dev.sluice.channel.TargetUri;
import dev.sluice.testing.NamedBackend;
import dev.sluice.testing.NamedBackend.Reply;
import dev.sluice.transport.ConnectivityState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The channel's SPIs from the outside: a resolver and load balancers of the test's own. */
class ChannelSpiTest {

  private static final AtomicInteger ids = new AtomicInteger();

  private final ManualTimeSource clock = new ManualTimeSource();
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }
  }

  /** Scheme {@code scripted}: each start or refresh reports the next answer. */
  private static final class ScriptedResolvers extends NameResolverProvider {
    final List<Duration> refreshTimes = new CopyOnWriteArrayList<>();
    final Function<Integer, Object> answers;
    final ManualTimeSource clock;

    ScriptedResolvers(ManualTimeSource clock, Function<Integer, Object> answers) {
      this.clock = clock;
      this.answers = answers;
    }

    @Override
    public String scheme() {
      return "scripted";
    }

    @Override
    public NameResolver newNameResolver(TargetUri target, NameResolver.Args args) {
      return new NameResolver() {
        private Listener listener;
        private int n;

        @Override
        public String serviceAuthority() {
          return target.path();
        }

        @Override
        public void start(Listener l) {
          listener = l;
          report();
        }

        @Override
        public void refresh() {
          refreshTimes.add(Duration.ofNanos(clock.nanoTime()));
          report();
        }

        private void report() {
          Object a = answers.apply(n++);
          if (a instanceof Status error) {
            listener.onError(error);
          } else {
            @SuppressWarnings("unchecked")
            List<EndpointAddresses> endpoints = (List<EndpointAddresses>) a;
            listener.onResult(new ResolutionResult(endpoints, Attributes.EMPTY, "{}"));
          }
        }

        @Override
        public void shutdown() {}
      };
    }
  }

  @Test
  void resolverReturnsNothing_callFailsUnavailable_andItIsAskedAgainAfterBackoff()
      throws Exception {
    ScriptedResolvers resolvers = new ScriptedResolvers(clock, n -> List.of());
    channel = Channel.builder("scripted:nowhere").nameResolverProvider(resolvers)
        .timeSource(clock).backoffJitterSource(() -> 0.5).build();

    Reply r = NamedBackend.who(channel);

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.status().description())
        .startsWith("NameResolver returned no usable address for scripted:nowhere");
    assertThat(resolvers.refreshTimes).isEmpty();
    clock.forward(Duration.ofMillis(1000));
    assertThat(resolvers.refreshTimes).containsExactly(Duration.ofMillis(1000));
    clock.forward(Duration.ofMillis(1600));
    assertThat(resolvers.refreshTimes).containsExactly(Duration.ofMillis(1000),
        Duration.ofMillis(2600));
  }

  @Test
  void resolverError_failsCallsWithIt_andAFollowingResultIsUsed() throws Exception {
    String name = "spi-" + ids.incrementAndGet();
    ScriptedResolvers resolvers = new ScriptedResolvers(clock, n -> n == 0
        ? Status.UNAVAILABLE.withDescription("inventory service is down")
        : List.of(EndpointAddresses.of(new InProcessSocketAddress(name))));
    try (NamedBackend backend = NamedBackend.start(name, new InProcessServerListener(name))) {
      channel = Channel.builder("scripted:" + name).nameResolverProvider(resolvers)
          .timeSource(clock).backoffJitterSource(() -> 0.5).build();

      Reply failed = NamedBackend.who(channel);
      assertThat(failed.status()).isEqualTo(
          Status.UNAVAILABLE.withDescription("inventory service is down"));
      assertThat(channel.getState(false)).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
      clock.forward(Duration.ofSeconds(1)); // the channel asks again

      Reply ok = NamedBackend.who(channel, CallOptions.DEFAULT.withWaitForReady());
      assertThat(ok.ok()).as(String.valueOf(ok.status())).isTrue();
      assertThat(ok.message()).isEqualTo(name);
    }
  }

  /** A policy whose picker answers every call with the same result. */
  private static LoadBalancerProvider constantPolicy(String policyName, PickResult result) {
    return new LoadBalancerProvider() {
      @Override
      public String policyName() {
        return policyName;
      }

      @Override
      public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
        return new LoadBalancer() {
          @Override
          public Status acceptResolvedAddresses(ResolvedAddresses addresses) {
            helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, args -> result);
            return Status.OK;
          }

          @Override
          public void handleNameResolutionError(Status error) {}

          @Override
          public void shutdown() {}
        };
      }
    };
  }

  @Test
  void customPolicy_drop_endsEvenWaitForReadyCalls() throws Exception {
    String policy = "drop_all_" + ids.incrementAndGet();
    LoadBalancerRegistry.getDefault().register(constantPolicy(policy,
        PickResult.drop(Status.UNAVAILABLE.withDescription("dropped by policy"))));
    channel = Channel.builder("inproc:anything").defaultLoadBalancingPolicy(policy).build();

    Reply r = NamedBackend.who(channel, CallOptions.DEFAULT.withWaitForReady()
        .withTimeout(Duration.ofSeconds(10)));

    assertThat(r.status()).isEqualTo(Status.UNAVAILABLE.withDescription("dropped by policy"));
  }

  @Test
  void customPolicy_failWithAnApplicationCode_reachesTheCallAsInternal() throws Exception {
    String policy = "not_found_" + ids.incrementAndGet();
    LoadBalancerRegistry.getDefault().register(constantPolicy(policy,
        PickResult.fail(Status.NOT_FOUND.withDescription("no such shard"))));
    channel = Channel.builder("inproc:anything").defaultLoadBalancingPolicy(policy).build();

    Reply r = NamedBackend.who(channel);

    assertThat(r.status().code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(r.status().description()).isEqualTo(
        "Inappropriate status code from control plane: NOT_FOUND no such shard");
  }
}
