package dev.sluice.channel;

import static dev.sluice.channel.FakeHelper.addr;
import static dev.sluice.channel.FakeHelper.addresses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PickFirstLoadBalancerTest {

  private final FakeHelper helper = new FakeHelper();
  private final PickFirstLoadBalancer lb = new PickFirstLoadBalancer(helper, new Random(1));
  private final SocketAddress a = addr("10.0.0.1", 1);
  private final SocketAddress b = addr("10.0.0.2", 2);
  private final SocketAddress c = addr("10.0.0.3", 3);

  private void accept(SocketAddress... list) {
    helper.run(() -> lb.acceptResolvedAddresses(addresses(null, list)));
  }

  @Test
  void firstPass_nextAddressAfter250Milliseconds_withoutCancellingTheFirst() {
    accept(a, b, c);
    assertThat(helper.state).isEqualTo(ConnectivityState.CONNECTING);
    assertThat(helper.pick().kind()).isEqualTo(PickResult.Kind.QUEUE);
    assertThat(helper.sc(a).connectionRequests).isEqualTo(1);
    helper.sc(a).report(ConnectivityState.CONNECTING);

    helper.clock.forward(Duration.ofMillis(249));
    assertThat(helper.sc(b).connectionRequests).isZero();
    helper.clock.forward(Duration.ofMillis(1));
    assertThat(helper.sc(b).connectionRequests).isEqualTo(1);
    assertThat(helper.sc(a).shutdown).isFalse();
    helper.sc(b).report(ConnectivityState.CONNECTING);

    helper.clock.forward(Duration.ofMillis(250));
    assertThat(helper.sc(c).connectionRequests).isEqualTo(1);
    helper.sc(c).report(ConnectivityState.CONNECTING);
    assertThat(helper.clock.pendingTimers()).as("no timer after the last address").isZero();
  }

  @Test
  void firstPass_failureBeforeTheDelay_movesOnAtOnce() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.CONNECTING);

    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);

    assertThat(helper.sc(b).connectionRequests).isEqualTo(1);
    assertThat(helper.state).isEqualTo(ConnectivityState.CONNECTING);
  }

  @Test
  void firstReady_winsAndTheOthersAreShutDown() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.CONNECTING);
    helper.clock.forward(Duration.ofMillis(250));
    helper.sc(b).report(ConnectivityState.CONNECTING);

    helper.sc(b).report(ConnectivityState.READY);

    assertThat(helper.state).isEqualTo(ConnectivityState.READY);
    assertThat(helper.pick().subchannel()).isSameAs(helper.sc(b));
    assertThat(helper.sc(a).shutdown).isTrue();
  }

  @Test
  void everyAddressFailed_transientFailureWithTheLastError_andReResolution() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE);

    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
    PickResult r = helper.pick();
    assertThat(r.kind()).isEqualTo(PickResult.Kind.FAIL);
    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(r.status().description())
        .isEqualTo("Failed to connect to all addresses of test-target; last error: "
            + "UNAVAILABLE: refused by " + b);
    assertThat(helper.refreshes).isEqualTo(1);
  }

  @Test
  void transientFailure_isSticky_untilAnAddressIsReady() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE);

    helper.sc(a).report(ConnectivityState.IDLE); // its backoff ended
    assertThat(helper.sc(a).connectionRequests).isEqualTo(2);
    helper.sc(a).report(ConnectivityState.CONNECTING);
    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);
    helper.sc(b).report(ConnectivityState.IDLE);
    helper.sc(b).report(ConnectivityState.CONNECTING);
    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);

    helper.sc(b).report(ConnectivityState.READY);
    assertThat(helper.state).isEqualTo(ConnectivityState.READY);
    assertThat(helper.pick().subchannel()).isSameAs(helper.sc(b));
  }

  @Test
  void steadyFailures_askForReResolutionEachTimeTheyReachTheAddressCount() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.refreshes).isEqualTo(1);

    helper.sc(a).report(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.refreshes).isEqualTo(1);
    helper.sc(b).report(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.refreshes).isEqualTo(2);
  }

  @Test
  void readyConnectionLost_reportsIdle_andTheFirstPickReconnects() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.READY);
    assertThat(helper.sc(b).shutdown).isTrue();

    helper.sc(a).report(ConnectivityState.IDLE);
    assertThat(helper.state).isEqualTo(ConnectivityState.IDLE);
    assertThat(helper.refreshes).isEqualTo(1);
    assertThat(helper.sc(a).connectionRequests).isEqualTo(1);

    assertThat(helper.pick().kind()).isEqualTo(PickResult.Kind.QUEUE);
    assertThat(helper.sc(a).connectionRequests).isEqualTo(2);
    assertThat(helper.state).isEqualTo(ConnectivityState.CONNECTING);
    helper.pick(); // the same IDLE picker asks only once
    assertThat(helper.sc(a).connectionRequests).isEqualTo(2);
  }

  @Test
  void newList_stillHoldingTheConnectedAddress_staysReady() {
    accept(a, b);
    helper.sc(a).report(ConnectivityState.READY);
    Picker before = helper.picker;

    accept(c, a);

    assertThat(helper.state).isEqualTo(ConnectivityState.READY);
    assertThat(helper.picker).isSameAs(before);
    assertThat(helper.subchannels).as("no new pass").doesNotContainKey(c);
  }

  @Test
  void emptyList_transientFailure_andRejected() {
    Status[] result = new Status[1];
    helper.run(() -> result[0] = lb.acceptResolvedAddresses(addresses(null)));

    assertThat(result[0].code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(result[0].description()).startsWith("NameResolver returned no usable address");
    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.pick().status()).isEqualTo(result[0]);
  }

  @Test
  void resolverErrorBeforeAnyAddress_failsPicksWithIt() {
    Status error = Status.UNAVAILABLE.withDescription("Unable to resolve host x");
    helper.run(() -> lb.handleNameResolutionError(error));

    assertThat(helper.state).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
    assertThat(helper.pick().status()).isEqualTo(error);
  }

  @Test
  void families_areInterleavedFromTheFirstOnesFamily() {
    SocketAddress v4a = addr("10.0.0.1", 1);
    SocketAddress v4b = addr("10.0.0.2", 1);
    SocketAddress v6a = addr("::1", 1);
    SocketAddress v6b = addr("::2", 1);

    assertThat(PickFirstLoadBalancer.interleaveFamilies(List.of(v4a, v4b, v6a, v6b)))
        .containsExactly(v4a, v6a, v4b, v6b);
    assertThat(PickFirstLoadBalancer.interleaveFamilies(List.of(v6a, v6b, v4a)))
        .containsExactly(v6a, v4a, v6b);
  }

  @Test
  void shuffleAddressList_shufflesTheEndpoints() {
    Object config = new PickFirstLoadBalancer.Provider()
        .parseConfig(Map.of("shuffleAddressList", true));
    List<SocketAddress> input = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      input.add(addr("10.0.0." + i, 1));
    }
    PickFirstLoadBalancer shuffling = new PickFirstLoadBalancer(helper, new Random(7));
    helper.run(() -> shuffling.acceptResolvedAddresses(
        addresses(config, input.toArray(new SocketAddress[0]))));

    List<SocketAddress> expected = new ArrayList<>(input);
    Collections.shuffle(expected, new Random(7));
    assertThat(helper.created).containsExactlyElementsOf(expected).isNotEqualTo(input);
  }
}
