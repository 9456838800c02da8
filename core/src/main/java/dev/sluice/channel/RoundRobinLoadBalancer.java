package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code round_robin} (docs/channels.md, "Load balancing"): calls go to the READY endpoints in
 * turn.
 *
 * <ul>
 *   <li>One {@code pick_first} child per endpoint, all connecting at once; a child that reports
 *       IDLE (its connection was lost) is asked to reconnect at once.
 *   <li>State: READY when any child is READY; else CONNECTING when any child is connecting (a
 *       child that failed counts as failed until it is READY again); else TRANSIENT_FAILURE.
 *   <li>The READY picker takes the READY children in a fixed order from a random offset and
 *       moves one step per call with an atomic counter, so n sequential calls over n ready
 *       endpoints reach each exactly once. The failure picker rotates over the children's
 *       failures, so each call reports a real connection error.
 *   <li>Client-side health checking (gRFC A17): when the service config has {@code
 *       healthCheckConfig}, each connected subchannel watches the named service and its endpoint
 *       counts as READY only while the server says SERVING; otherwise as failed, with a status
 *       naming the health check (see {@link HealthCheckedSubchannel}).
 *   <li>A new address list keeps the children whose address set is unchanged, adds the new ones
 *       and shuts down the ones that are gone.
 * </ul>
 */
final class RoundRobinLoadBalancer extends LoadBalancer {

  /** The registry's entry for {@code round_robin}. */
  static final class Provider extends LoadBalancerProvider {
    @Override
    public String policyName() {
      return "round_robin";
    }

    @Override
    public LoadBalancer newLoadBalancer(Helper helper) {
      return new RoundRobinLoadBalancer(helper, new Random());
    }
  }

  private final Helper helper;
  private final Random random;
  /** The READY picker last published, while the balancer is READY; else null. */
  private RotatingPicker readyPicker;
  private Map<Set<SocketAddress>, Child> children = new LinkedHashMap<>();
  private boolean updating;
  private boolean shutdown;
  /** {@code healthCheckConfig.serviceName} of the service config; null: no health checking. */
  private String healthService;

  RoundRobinLoadBalancer(Helper helper, Random random) {
    this.helper = helper;
    this.random = random;
  }

  /**
   * One endpoint: its pick_first policy, what that last reported, and the state this policy
   * goes by: pick_first's, except that a READY connection counts only while its health check
   * (when the service config asks for one) says SERVING.
   */
  private final class Child extends Helper {
    final PickFirstLoadBalancer policy;
    final List<HealthCheckedSubchannel> subchannels = new ArrayList<>();
    ConnectivityState childState = ConnectivityState.CONNECTING;
    Picker childPicker = args -> PickResult.queue();
    ConnectivityState state = ConnectivityState.CONNECTING;
    Picker picker = childPicker;
    boolean failed;
    boolean removed;

    Child() {
      this.policy = new PickFirstLoadBalancer(this, random);
    }

    @Override
    public Subchannel createSubchannel(SocketAddress address, Attributes attributes) {
      Subchannel sc = helper.createSubchannel(address, attributes);
      if (!(sc instanceof AddressSubchannel a)) {
        return sc; // not a channel's subchannel: no connection to check health on
      }
      subchannels.removeIf(HealthCheckedSubchannel::isShutdown);
      HealthCheckedSubchannel checked = new HealthCheckedSubchannel(a, healthService,
          health -> onHealthChange());
      subchannels.add(checked);
      return checked;
    }

    @Override
    public void updateBalancingState(ConnectivityState newState, Picker newPicker) {
      if (shutdown || removed) {
        return;
      }
      childState = newState;
      childPicker = newPicker;
      if (newState == ConnectivityState.IDLE) {
        // Lost its connection: reconnect at once (after this report is handled).
        helper.syncContext().execute(() -> {
          if (!shutdown && !removed) {
            policy.requestConnection();
          }
        });
      }
      recompute();
    }

    private void onHealthChange() {
      if (!shutdown && !removed) {
        recompute();
      }
    }

    /** The state this policy goes by, from pick_first's and the health of its connection. */
    private void recompute() {
      state = childState;
      picker = childPicker;
      if (childState == ConnectivityState.READY) {
        SubchannelState health = connectedHealth();
        if (health.state() == ConnectivityState.TRANSIENT_FAILURE) {
          state = ConnectivityState.TRANSIENT_FAILURE;
          picker = failPicker(health.status());
        } else if (health.state() != ConnectivityState.READY) {
          state = ConnectivityState.CONNECTING; // the first health answer is still to come
          picker = args -> PickResult.queue();
        }
      }
      if (state == ConnectivityState.READY) {
        failed = false;
      } else if (state == ConnectivityState.TRANSIENT_FAILURE) {
        failed = true;
      }
      if (!updating) {
        updateOverallState();
      }
    }

    /** The health of the connected subchannel; READY when none is checked. */
    private SubchannelState connectedHealth() {
      for (HealthCheckedSubchannel sc : subchannels) {
        if (sc.isConnectionReady()) {
          return sc.health();
        }
      }
      return SubchannelState.of(ConnectivityState.READY);
    }

    void setHealthService(String name) {
      for (HealthCheckedSubchannel sc : subchannels) {
        sc.setServiceName(name);
      }
    }

    @Override
    public void refreshNameResolution() {
      helper.refreshNameResolution();
    }

    @Override
    public SynchronizationContext syncContext() {
      return helper.syncContext();
    }

    @Override
    public TimeSource timeSource() {
      return helper.timeSource();
    }

    @Override
    public String channelTarget() {
      return helper.channelTarget();
    }
  }

  @Override
  public Status acceptResolvedAddresses(ResolvedAddresses resolved) {
    if (shutdown) {
      return Status.OK;
    }
    if (resolved.endpoints().isEmpty()) {
      Status error = resolved.noAddressStatus(helper.channelTarget());
      shutdownChildren();
      readyPicker = null;
      helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, failPicker(error));
      return error;
    }
    String health = resolved.attributes().get(HealthCheckSettings.SERVICE_NAME);
    if (!Objects.equals(health, healthService)) {
      healthService = health;
      updating = true;
      try {
        children.values().forEach(c -> c.setHealthService(health));
      } finally {
        updating = false;
      }
    }
    Map<Set<SocketAddress>, Child> next = new LinkedHashMap<>();
    Map<Child, EndpointAddresses> endpointOf = new LinkedHashMap<>();
    for (EndpointAddresses e : resolved.endpoints()) {
      Set<SocketAddress> key = Set.copyOf(e.addresses());
      if (next.containsKey(key)) {
        continue; // the same endpoint twice: one child
      }
      Child child = children.remove(key);
      if (child == null) {
        child = new Child();
      }
      next.put(key, child);
      endpointOf.put(child, e);
    }
    shutdownChildren();
    children = next;
    updating = true;
    try {
      for (Map.Entry<Child, EndpointAddresses> e : endpointOf.entrySet()) {
        e.getKey().policy.acceptResolvedAddresses(
            new ResolvedAddresses(List.of(e.getValue()), resolved.attributes(), null));
      }
    } finally {
      updating = false;
    }
    updateOverallState();
    return Status.OK;
  }

  @Override
  public void handleNameResolutionError(Status error) {
    if (!shutdown && children.isEmpty()) {
      readyPicker = null;
      helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE, failPicker(error));
    }
  }

  @Override
  public void requestConnection() {
    for (Child c : new ArrayList<>(children.values())) {
      c.policy.requestConnection();
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    shutdownChildren();
  }

  private void shutdownChildren() {
    for (Child c : children.values()) {
      c.removed = true;
      c.policy.shutdown();
    }
    children = new LinkedHashMap<>();
  }

  private void updateOverallState() {
    if (shutdown) {
      return;
    }
    List<Picker> ready = new ArrayList<>();
    List<Picker> failing = new ArrayList<>();
    boolean connecting = false;
    for (Child c : children.values()) {
      if (c.state == ConnectivityState.READY) {
        ready.add(c.picker);
      } else if (c.failed) {
        failing.add(c.picker);
      } else {
        connecting = true;
      }
    }
    if (!ready.isEmpty()) {
      if (readyPicker != null && readyPicker.rotatesOver(ready)) {
        // Same READY children (another child only moved between non-READY states): keep the
        // rotation where it is, rather than restart it from a new random offset.
        return;
      }
      readyPicker = new RotatingPicker(ready);
      helper.updateBalancingState(ConnectivityState.READY, readyPicker);
      return;
    }
    readyPicker = null;
    if (connecting || failing.isEmpty()) {
      helper.updateBalancingState(ConnectivityState.CONNECTING, args -> PickResult.queue());
    } else {
      helper.updateBalancingState(ConnectivityState.TRANSIENT_FAILURE,
          new RotatingPicker(failing));
    }
  }

  private static Picker failPicker(Status error) {
    PickResult fail = PickResult.fail(error);
    return args -> fail;
  }

  /** Asks the given pickers in turn, from a random start; lock-free. */
  private final class RotatingPicker implements Picker {
    private final Picker[] pickers;
    private final AtomicInteger next;

    RotatingPicker(List<Picker> pickers) {
      this.pickers = pickers.toArray(new Picker[0]);
      this.next = new AtomicInteger(random.nextInt(this.pickers.length));
    }

    /** True when this picker asks exactly {@code others}, the same objects in the same order. */
    boolean rotatesOver(List<Picker> others) {
      if (others.size() != pickers.length) {
        return false;
      }
      for (int i = 0; i < pickers.length; i++) {
        if (pickers[i] != others.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public PickResult pick(PickArgs args) {
      int n = pickers.length;
      return pickers[n == 1 ? 0 : Math.floorMod(next.getAndIncrement(), n)].pick(args);
    }
  }
}
