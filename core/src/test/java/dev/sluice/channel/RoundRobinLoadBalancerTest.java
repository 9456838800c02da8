package dev.sluice.channel;

import static dev.sluice.channel.FakeHelper.addr;
import static dev.sluice.channel.FakeHelper.addresses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundRobinLoadBalancerTest {

  private final FakeHelper helper = new FakeHelper();
  private final RoundRobinLoadBalancer lb = new RoundRobinLoadBalancer(helper, new Random(3));
  private final SocketAddress a = addr("10.0.0.1", 1);
  private final SocketAddress b = addr("10.0.0.2", 2);
  private final SocketAddress c = addr("10.0.0.3", 3);

  private void accept(SocketAddress... list) {
    helper.run(() -> lb.acceptResolvedAddresses(addresses(null, list)));
  }

  @Test
  void accept_connectsEveryEndpointAtOnce() {
    accept(a, b, c);

    assertThat(helper.subchannels.values()).allSatisfy(
        sc -> assertThat(sc.connectionRequests).isEqualTo(1));
    assertThat(helper.state).isEqualTo(ConnectivityState.CONNECTING);
  }

  @Test
  void threeReady_picksRotateExactly() {
    accept(a, b, c);
    for (SocketAddress x : new SocketAddress[] {a, b, c}) {
      helper.sc(x).report(ConnectivityState.READY);
    }
    Map<Subchannel, Integer> counts = new HashMap<>();

    for (int i = 0; i < 300; i++) {
      counts.merge(helper.pick().subchannel(), 1, Integer::sum);
    }

    assertThat(helper.state).isEqualTo(ConnectivityState.READY);
    assertThat(counts).containsOnly(Map.entry(helper.sc(a), 100), Map.entry(helper.sc(b), 100),
        Map.entry(helper.sc(c), 100));
  }

  @Test
  void nonReadyChildMovingBetweenFailureStates_keepsTheRotationGoing() {
    accept(a, b, c);
    for (SocketAddress x : new SocketAddress[] {a, b, c}) {
      helper.sc(x).report(ConnectivityState.READY);
    }
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE); // b leaves: a new picker over a, c
    Picker overAandC = helper.picker;
    Subchannel first = helper.pick().subchannel();

    helper.sc(b).report(ConnectivityState.CONNECTING);
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE);

    assertThat(helper.picker).as("same READY children: picker kept").isSameAs(overAandC);
    Subchannel second = helper.pick().subchannel();
    assertThat(Set.of(first, second)).containsExactlyInAnyOrder(helper.sc(a), helper.sc(c));
  }

  @Test
  void state_readyIfAnyReady_connectingIfAnyConnecting_elseTransientFailure() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.state).isEqualTo(ConnectivityState.CONNECTING);

    helper.sc(b).report(ConnectivityState.READY);
    assertThat(helper.state).isEqualTo(ConnectivityState.READY);
    assertThat(helper.pick().subchannel()).isSameAs(helper.sc(b));

    helper.sc(b).report(ConnectivityState.IDLE); // lost: reconnects at once
    assertThat(helper.sc(b).connectionRequests).isEqualTo(2);
    assertThat(helper.state).isEqualTo(ConnectivityState.CONNECTING);
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE);

    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
    Set<String> errors = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      PickResult r = helper.pick();
      assertThat(r.kind()).isEqualTo(PickResult.Kind.FAIL);
      errors.add(r.status().description());
    }
    assertThat(errors).as("each endpoint's own error, in turn").hasSize(2);
  }

  @Test
  void failedChild_staysFailed_whileItReconnects() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);

    helper.sc(a).report(ConnectivityState.IDLE);
    helper.sc(a).report(ConnectivityState.CONNECTING);

    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
  }

  @Test
  void newList_keepsUnchangedEndpoints_addsNewOnes_shutsDownTheRest() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.READY);
    FakeHelper.FakeSubchannel keptA = helper.sc(a);
    FakeHelper.FakeSubchannel goneB = helper.sc(b);

    accept(c, a);

    assertThat(helper.sc(a)).isSameAs(keptA);
    assertThat(keptA.shutdown).isFalse();
    assertThat(goneB.shutdown).isTrue();
    assertThat(helper.sc(c).connectionRequests).isEqualTo(1);
    assertThat(helper.state).isEqualTo(ConnectivityState.READY);
    assertThat(helper.pick().subchannel()).isSameAs(keptA);
  }

  @Test
  void emptyList_isRejectedWithTransientFailure() {
    Status[] result = new Status[1];
    helper.run(() -> result[0] = lb.acceptResolvedAddresses(addresses(null)));

    assertThat(result[0].code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
  }
}
