package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code pick_first} (gRFC A61/A62): every call goes to the first address that
 * connects. The channel's default policy.
 *
 * <ul>
 *   <li>Addresses are flattened in endpoint order (endpoints shuffled first with {@code
 *       {"shuffleAddressList": true}}) and the families interleaved, v6/v4 alternating from the
 *       family of the first (RFC 8305 §4).
 *   <li><b>Happy Eyeballs</b>: the first pass asks address 1 to connect and, 250 ms later or as
 *       soon as it fails, address 2, and so on, without cancelling attempts in flight. An address
 *       already in backoff counts as tried. The first to be READY wins; the others are shut
 *       down.
 *   <li>When every address has failed once the policy reports TRANSIENT_FAILURE with the last
 *       error and stays there (<b>sticky</b>) until one connects, reconnecting each subchannel as
 *       its backoff ends and asking for re-resolution each time as many failures as there are
 *       addresses have been seen.
 *   <li>When the chosen connection is lost, the policy reports IDLE and asks for re-resolution;
 *       the next call (or {@code requestConnection}) starts a new pass.
 * </ul>
 */
final class PickFirstLoadBalancer extends LoadBalancer {

  /** RFC 8305's Connection Attempt Delay. */
  static final long CONNECTION_ATTEMPT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** The policy's configuration: {@code {"shuffleAddressList": true}}. */
  record Config(boolean shuffleAddressList) {}

  /** The registry's entry for {@code pick_first}. */
  static final class Provider extends LoadBalancerProvider {
    @Override
    public String policyName() {
      return "pick_first";
    }

    @Override
    public LoadBalancer newLoadBalancer(Helper helper) {
      return new PickFirstLoadBalancer(helper, new Random());
    }

    @Override
    public Object parseConfig(Map<String, ?> rawConfig) {
      Object shuffle = rawConfig == null ? null : rawConfig.get("shuffleAddressList");
      if (shuffle != null && !(shuffle instanceof Boolean)) {
        throw new IllegalArgumentException("pick_first: shuffleAddressList must be a boolean, not "
            + shuffle);
      }
      return new Config(Boolean.TRUE.equals(shuffle));
    }
  }

  private final Helper helper;
  private final Random random;
  private final Map<SocketAddress, Entry> entries = new LinkedHashMap<>();
  private final Map<SocketAddress, Attributes> attributes = new LinkedHashMap<>();
  private List<SocketAddress> order = List.of();
  private int nextIndex;
  private boolean passActive;
  private boolean steady;
  private boolean idleAfterDisconnect;
  private int failuresSinceRefresh;
  private TimeSource.Cancellable attemptTimer;
  private Entry selected;
  private ConnectivityState reported = ConnectivityState.IDLE;
  private Status lastError = Status.UNAVAILABLE.withDescription("no connection attempt yet");
  private boolean shutdown;

  PickFirstLoadBalancer(Helper helper, Random random) {
    this.helper = helper;
    this.random = random;
  }

  /** One address's subchannel and what this policy knows of it. */
  private final class Entry implements Subchannel.StateListener {
    final Subchannel subchannel;
    final PickResult pick;
    ConnectivityState state = ConnectivityState.IDLE;
    boolean failedThisPass;
    boolean removed;

    Entry(Subchannel subchannel) {
      this.subchannel = subchannel;
      this.pick = PickResult.complete(subchannel);
    }

    @Override
    public void onStateChange(SubchannelState s) {
      onEntryState(this, s);
    }
  }

  @Override
  public Status acceptResolvedAddresses(ResolvedAddresses resolved) {
    if (shutdown) {
      return Status.OK;
    }
    if (resolved.endpoints().isEmpty()) {
      Status error = resolved.noAddressStatus(helper.channelTarget());
      removeAll();
      order = List.of();
      lastError = error;
      report(ConnectivityState.TRANSIENT_FAILURE, failPicker(error));
      return error;
    }
    List<EndpointAddresses> endpoints = new ArrayList<>(resolved.endpoints());
    if (resolved.loadBalancingConfig() instanceof Config c && c.shuffleAddressList()) {
      Collections.shuffle(endpoints, random);
    }
    attributes.clear();
    for (EndpointAddresses e : endpoints) {
      for (SocketAddress a : e.addresses()) {
        attributes.putIfAbsent(a, e.attributes());
      }
    }
    order = interleaveFamilies(new ArrayList<>(attributes.keySet()));
    for (Entry e : new ArrayList<>(entries.values())) {
      if (!attributes.containsKey(e.subchannel.address())) {
        remove(e);
      }
    }
    if (selected != null && !selected.removed) {
      return Status.OK; // still connected to an address on the new list
    }
    selected = null;
    if (!idleAfterDisconnect) {
      startPass();
    }
    return Status.OK;
  }

  @Override
  public void handleNameResolutionError(Status error) {
    if (!shutdown && order.isEmpty()) {
      lastError = error;
      report(ConnectivityState.TRANSIENT_FAILURE, failPicker(error));
    }
  }

  @Override
  public void requestConnection() {
    if (shutdown || order.isEmpty()) {
      return;
    }
    if (idleAfterDisconnect || (!passActive && !steady && selected == null)) {
      idleAfterDisconnect = false;
      startPass();
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    cancelTimer();
    removeAll();
  }

  private void startPass() {
    cancelTimer();
    passActive = true;
    steady = false;
    nextIndex = 0;
    failuresSinceRefresh = 0;
    for (SocketAddress a : order) {
      Entry e = entries.get(a);
      if (e == null) {
        e = new Entry(helper.createSubchannel(a, attributes.get(a)));
        entries.put(a, e);
        e.subchannel.start(e);
      }
      e.failedThisPass = false;
    }
    if (reported != ConnectivityState.TRANSIENT_FAILURE) {
      report(ConnectivityState.CONNECTING, args -> PickResult.queue());
    }
    attemptNext();
  }

  /** Happy Eyeballs: starts (or waits on) the address at {@link #nextIndex}. */
  private void attemptNext() {
    cancelTimer();
    while (passActive && nextIndex < order.size()) {
      Entry e = entries.get(order.get(nextIndex));
      switch (e.state) {
        case IDLE -> {
          e.subchannel.requestConnection();
          armTimer();
          return;
        }
        case CONNECTING -> {
          armTimer();
          return;
        }
        case READY -> {
          select(e);
          return;
        }
        default -> {
          // In backoff (or gone): it counts as tried and failed; move on at once.
          e.failedThisPass = true;
          nextIndex++;
        }
      }
    }
    checkPassFailed();
  }

  private void armTimer() {
    if (nextIndex < order.size() - 1) {
      attemptTimer = helper.syncContext().schedule(() -> {
        attemptTimer = null;
        nextIndex++;
        attemptNext();
      }, CONNECTION_ATTEMPT_DELAY_NANOS, TimeUnit.NANOSECONDS, helper.timeSource());
    }
  }

  private void onEntryState(Entry e, SubchannelState s) {
    if (shutdown || e.removed) {
      return;
    }
    e.state = s.state();
    if (s.state() == ConnectivityState.TRANSIENT_FAILURE) {
      lastError = s.status();
    }
    if (selected != null) {
      if (e == selected && s.state() != ConnectivityState.READY) {
        // The chosen connection is gone: idle until a call wants one (A62: not sticky TF).
        selected = null;
        idleAfterDisconnect = true;
        helper.refreshNameResolution();
        report(ConnectivityState.IDLE, new RequestConnectionPicker());
      }
      return;
    }
    switch (s.state()) {
      case READY -> select(e);
      case TRANSIENT_FAILURE -> {
        e.failedThisPass = true;
        if (passActive) {
          if (nextIndex < order.size() && order.get(nextIndex).equals(e.subchannel.address())) {
            nextIndex++; // failed before its 250 ms were up: the next one now
            attemptNext();
          } else {
            checkPassFailed();
          }
        } else if (steady) {
          if (++failuresSinceRefresh >= entries.size()) {
            failuresSinceRefresh = 0;
            helper.refreshNameResolution();
          }
          report(ConnectivityState.TRANSIENT_FAILURE, failPicker(allFailed()));
        }
      }
      case IDLE -> {
        if (steady) {
          e.subchannel.requestConnection(); // its backoff is over: try again
        }
      }
      default -> {}
    }
  }

  private void checkPassFailed() {
    if (!passActive || nextIndex < order.size()) {
      return;
    }
    for (Entry e : entries.values()) {
      if (!e.failedThisPass) {
        return;
      }
    }
    passActive = false;
    steady = true;
    failuresSinceRefresh = 0;
    report(ConnectivityState.TRANSIENT_FAILURE, failPicker(allFailed()));
    helper.refreshNameResolution();
    for (Entry e : new ArrayList<>(entries.values())) {
      if (e.state == ConnectivityState.IDLE) {
        e.subchannel.requestConnection();
      }
    }
  }

  private Status allFailed() {
    return Status.UNAVAILABLE
        .withDescription("Failed to connect to all addresses of " + helper.channelTarget()
            + "; last error: " + lastError.code() + ": " + lastError.description())
        .withCause(lastError.cause());
  }

  private void select(Entry e) {
    cancelTimer();
    passActive = false;
    steady = false;
    idleAfterDisconnect = false;
    selected = e;
    for (Entry other : new ArrayList<>(entries.values())) {
      if (other != e) {
        remove(other);
      }
    }
    PickResult pick = e.pick;
    report(ConnectivityState.READY, args -> pick);
  }

  private void remove(Entry e) {
    e.removed = true;
    entries.remove(e.subchannel.address());
    e.subchannel.shutdown();
    if (selected == e) {
      selected = null;
    }
  }

  private void removeAll() {
    for (Entry e : new ArrayList<>(entries.values())) {
      remove(e);
    }
    passActive = false;
    steady = false;
  }

  private void cancelTimer() {
    if (attemptTimer != null) {
      attemptTimer.cancel();
      attemptTimer = null;
    }
  }

  private void report(ConnectivityState state, Picker picker) {
    reported = state;
    helper.updateBalancingState(state, picker);
  }

  private static Picker failPicker(Status error) {
    PickResult fail = PickResult.fail(error);
    return args -> fail;
  }

  /** IDLE: calls wait, and the first one starts a new pass. */
  private final class RequestConnectionPicker implements Picker {
    private final AtomicBoolean requested = new AtomicBoolean();

    @Override
    public PickResult pick(PickArgs args) {
      if (requested.compareAndSet(false, true)) {
        helper.syncContext().execute(PickFirstLoadBalancer.this::requestConnection);
      }
      return PickResult.queue();
    }
  }

  /**
   * RFC 8305 §4: alternates IPv6 and IPv4, starting with the family of the first address. Lists
   * holding anything but IP addresses are left as they are.
   */
  static List<SocketAddress> interleaveFamilies(List<SocketAddress> addresses) {
    List<SocketAddress> v6 = new ArrayList<>();
    List<SocketAddress> v4 = new ArrayList<>();
    for (SocketAddress a : addresses) {
      if (!(a instanceof InetSocketAddress inet) || inet.getAddress() == null) {
        return addresses;
      }
      (inet.getAddress() instanceof Inet6Address ? v6 : v4).add(a);
    }
    if (v6.isEmpty() || v4.isEmpty()) {
      return addresses;
    }
    boolean v6First = ((InetSocketAddress) addresses.get(0)).getAddress() instanceof Inet6Address;
    List<SocketAddress> first = v6First ? v6 : v4;
    List<SocketAddress> second = v6First ? v4 : v6;
    List<SocketAddress> out = new ArrayList<>(addresses.size());
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) {
        out.add(first.get(i));
      }
      if (i < second.size()) {
        out.add(second.get(i));
      }
    }
    return out;
  }
}
