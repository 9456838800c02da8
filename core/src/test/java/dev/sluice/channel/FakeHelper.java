package dev.sluice.channel;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A channel seen from a load balancer, for unit tests of policies: records subchannels, states
 * and re-resolution requests, and lets the test move each subchannel's state. The channel's
 * real subchannels and pickers are exercised by the channel tests over real transports.
 */
final class FakeHelper extends LoadBalancer.Helper {

  final SynchronizationContext sync = new SynchronizationContext();
  final ManualTimeSource clock = new ManualTimeSource();
  final Map<SocketAddress, FakeSubchannel> subchannels = new LinkedHashMap<>();
  final List<SocketAddress> created = new ArrayList<>();
  ConnectivityState state;
  Picker picker;
  int refreshes;

  static final PickArgs ARGS = new PickArgs() {
    @Override
    public String path() {
      return "/test.Svc/Method";
    }

    @Override
    public Metadata headers() {
      return new Metadata();
    }

    @Override
    public CallOptions callOptions() {
      return CallOptions.DEFAULT;
    }
  };

  /** A subchannel the test drives. */
  final class FakeSubchannel extends Subchannel {
    final SocketAddress address;
    final Attributes attributes;
    StateListener listener;
    int connectionRequests;
    boolean shutdown;

    FakeSubchannel(SocketAddress address, Attributes attributes) {
      this.address = address;
      this.attributes = attributes;
    }

    @Override
    public void start(StateListener l) {
      this.listener = l;
    }

    @Override
    public void requestConnection() {
      connectionRequests++;
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public SocketAddress address() {
      return address;
    }

    @Override
    public Attributes attributes() {
      return attributes;
    }

    /** Reports {@code s}, as the channel would, in the synchronization context. */
    void report(ConnectivityState s) {
      report(s == ConnectivityState.TRANSIENT_FAILURE
          ? SubchannelState.failure(Status.UNAVAILABLE.withDescription("refused by " + address))
          : SubchannelState.of(s));
    }

    void report(SubchannelState s) {
      sync.execute(() -> listener.onStateChange(s));
    }
  }

  @Override
  public Subchannel createSubchannel(SocketAddress address, Attributes attributes) {
    sync.throwIfNotInThisContext();
    FakeSubchannel sc = new FakeSubchannel(address, attributes);
    subchannels.put(address, sc);
    created.add(address);
    return sc;
  }

  @Override
  public void updateBalancingState(ConnectivityState newState, Picker newPicker) {
    state = newState;
    picker = newPicker;
  }

  @Override
  public void refreshNameResolution() {
    refreshes++;
  }

  @Override
  public SynchronizationContext syncContext() {
    return sync;
  }

  @Override
  public TimeSource timeSource() {
    return clock;
  }

  @Override
  public String channelTarget() {
    return "test-target";
  }

  FakeSubchannel sc(SocketAddress a) {
    return subchannels.get(a);
  }

  PickResult pick() {
    return picker.pick(ARGS);
  }

  /** Runs {@code r} in the synchronization context. */
  void run(Runnable r) {
    sync.execute(r);
  }

  static SocketAddress addr(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  static ResolvedAddresses addresses(Object config, SocketAddress... addresses) {
    List<EndpointAddresses> eps = new ArrayList<>();
    for (SocketAddress a : addresses) {
      eps.add(EndpointAddresses.of(a));
    }
    return new ResolvedAddresses(eps, Attributes.EMPTY, config);
  }
}
