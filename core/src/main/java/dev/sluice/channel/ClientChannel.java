package dev.sluice.channel;

import dev.sluice.CallOptions;
import dev.sluice.Status;
import dev.sluice.config.MethodConfig;
import dev.sluice.config.RetryPolicy;
import dev.sluice.config.ServiceConfig;
import dev.sluice.config.ServiceConfigException;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The client channel under {@link dev.sluice.Channel}: target → {@link NameResolver} → {@link
 * LoadBalancer} → {@link Picker} → {@link Subchannel} → transport, with idle mode, calls waiting
 * for a pick, wait-for-ready and transparent retry. Applications use {@code Channel}; this class
 * is public only so that {@code Channel} (another package) can build on it.
 *
 * <p>It starts in idle mode: nothing resolves or connects until the first call or {@code
 * getState(true)}. Leaving idle mode reports CONNECTING, makes a new load balancer and starts a
 * new resolver; entering it (after {@code idleTimeout} without calls, or {@link #enterIdle()})
 * shuts both down, which closes every connection once its calls are done.
 *
 * <p>Thread-safe. Control work runs in one {@link SynchronizationContext}; picking runs on the
 * calling thread without locks.
 */
public final class ClientChannel {

  private final ChannelSettings settings;
  private final ChannelTarget channelTarget;
  private final String target;
  private final SynchronizationContext sync = new SynchronizationContext();
  private final TimeSource time;
  private final Executor callbackExecutor;
  private final DoubleSupplier random;
  private final String authority;
  private final BalancingPolicyChoice policy;
  private final RetrySettings retrySettings;
  /** Bytes kept for retries by every uncommitted call with a retry policy. */
  private final AtomicLong retryBuffered = new AtomicLong();
  private final PendingCalls pending = new PendingCalls(this::onPendingDrained,
      () -> sync.execute(this::exitIdleMode));
  private final LiveTransports live;
  private final StateWatchers state;
  private final IdleTimer idleTimer;
  private final SubchannelContext subchannelContext;
  private final CallTransport callTransport = new CallTransport(this);
  private final AtomicInteger activeCalls = new AtomicInteger();
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  // Read anywhere, written in the synchronization context.
  private volatile boolean idleMode = true;
  private volatile boolean shutdown;
  private volatile boolean shutdownNow;
  private volatile String serviceConfigJson;
  private final ServiceConfigInForce configs;

  // Synchronization context only.
  private LbHelper helper;
  private LoadBalancer lb;
  private ResolverDriver driver;
  private boolean lbShutdown;
  private final List<AddressSubchannel> subchannels = new ArrayList<>();

  /**
   * Builds the channel; it starts idle.
   *
   * @param s everything the channel needs: target or connector, transports, policies and timers
   * @throws IllegalArgumentException for a malformed target, an unknown policy, a policy
   *     configuration its provider rejects, or no transport
   */
  public ClientChannel(ChannelSettings s) {
    this.settings = s;
    this.time = s.timeSource() != null ? s.timeSource() : TimeSource.system(s.scheduler());
    this.callbackExecutor = s.scheduler();
    this.random = s.random() != null ? s.random() : () -> ThreadLocalRandom.current().nextDouble();
    this.channelTarget = new ChannelTarget(s, time);
    this.target = channelTarget.target();
    this.authority = channelTarget.authority();
    this.policy = new BalancingPolicyChoice(s.loadBalancingPolicy(), s.loadBalancingConfig());
    this.retrySettings = s.retry();
    this.configs = new ServiceConfigInForce(s.retry());
    policy.useFor(configs.get());
    this.live = new LiveTransports(() -> sync.execute(this::maybeTerminate));
    this.state = new StateWatchers(callbackExecutor);
    this.idleTimer = new IdleTimer(s.idleTimeout(), sync, time, new IdleTimer.Host() {
      @Override
      public int activeCalls() {
        return activeCalls.get();
      }

      @Override
      public boolean idleOrShutdown() {
        return idleMode || shutdown;
      }

      @Override
      public void enterIdleMode() {
        ClientChannel.this.enterIdleMode();
      }
    });
    this.subchannelContext = new SubchannelContext(sync, time, channelTarget.transports(),
        authority, s.backoff(), random, live);
  }

  // ---------------------------------------------------------------- calls

  /**
   * A stream for a new call, to be driven through {@link #callTransport()}; null once the
   * channel is shut down. Leaves idle mode. The retry or hedging policy of {@code config} (from
   * {@link #methodConfig}; may be null) applies to the call.
   *
   * @param head the call's method, authority and deadline
   * @param options the call's options
   * @param config the call's method config, or null
   * @return the stream, or null after shutdown
   */
  public TransportStream newStream(CallHead head, CallOptions options, MethodConfig config) {
    if (shutdown) {
      return null;
    }
    int generation = configs.generation(); // first: leaving idle mode may bring a new config
    activeCalls.incrementAndGet();
    if (idleMode) {
      sync.execute(this::exitIdleMode);
    }
    if (config == null || !retrySettings.retryEnabled()) {
      return new ChannelStream(this, head, options, null, generation);
    }
    if (config.hedgingPolicy() != null) {
      return new HedgingStream(this, head, options, config.hedgingPolicy(), generation);
    }
    return new ChannelStream(this, head, options, config.retryPolicy(), generation);
  }

  /**
   * The method config of method {@code fullName} ({@code pkg.Service/Method}) in the service
   * config in force; null for none.
   *
   * @param fullName the method's full name
   * @return the method config, or null
   */
  public MethodConfig methodConfig(String fullName) {
    ServiceConfig c = configs.get();
    return c.hasMethodConfigs() ? c.forMethod(fullName) : null;
  }

  /**
   * How the attempts of a call on {@code stream} ended (see {@code Call.attempts()}).
   *
   * @param stream a stream made by {@link #newStream}
   * @return the attempts, oldest first; empty for a stream of another kind
   */
  public static List<AttemptRecord> attempts(TransportStream stream) {
    if (stream instanceof HedgingStream h) {
      return h.attempts();
    }
    return stream instanceof ChannelStream cs ? cs.attempts() : List.of();
  }

  int configGeneration() {
    return configs.generation();
  }

  /** The retry policy of calls to {@code path} ({@code /pkg.Service/Method}), or null. */
  RetryPolicy retryPolicyOf(String path) {
    MethodConfig m = retrySettings.retryEnabled() && path.startsWith("/")
        ? methodConfig(path.substring(1)) : null;
    return m == null ? null : m.retryPolicy();
  }

  /**
   * {@return the service config in force: the resolver's, else the default, else the empty config}
   */
  public ServiceConfig serviceConfig() {
    return configs.get();
  }

  /** {@return the transport façade that runs the streams of {@link #newStream}} */
  public Transport callTransport() {
    return callTransport;
  }

  /**
   * {@return the default {@code :authority} of calls (the override, or the resolver's); may be
   * null}
   */
  public String authority() {
    return authority;
  }

  /** {@return the target, as given (or the connector's)} */
  public String target() {
    return target;
  }

  /** {@return the service config the resolver last returned, as raw JSON; null for none} */
  public String serviceConfigJson() {
    return serviceConfigJson;
  }

  /** A hedge started: it ends like a call. */
  void callStarted() {
    activeCalls.incrementAndGet();
  }

  void callEnded() {
    idleTimer.touch();
    if (activeCalls.decrementAndGet() == 0) {
      idleTimer.onUnused();
    }
  }

  PendingCalls pending() {
    return pending;
  }

  Executor callbackExecutor() {
    return callbackExecutor;
  }

  boolean transparentRetry() {
    return settings.transparentRetry();
  }

  boolean isShutdownNow() {
    return shutdownNow;
  }

  TimeSource time() {
    return time;
  }

  DoubleSupplier random() {
    return random;
  }

  RetrySettings retrySettings() {
    return retrySettings;
  }

  /** The retry token bucket; null without retryThrottling. */
  RetryThrottle throttle() {
    return configs.throttle();
  }

  /** The channel-wide retry buffer count, shared by the calls that keep sends for retries. */
  AtomicLong retryBuffered() {
    return retryBuffered;
  }

  // ---------------------------------------------------------------- state

  /**
   * See {@code Channel.getState}.
   *
   * @param requestConnection whether an IDLE channel should start connecting
   * @return the channel's state now
   */
  public ConnectivityState getState(boolean requestConnection) {
    ConnectivityState s = state.get();
    if (requestConnection && s == ConnectivityState.IDLE) {
      idleTimer.touch();
      sync.execute(() -> {
        if (idleMode) {
          exitIdleMode();
          if (activeCalls.get() == 0) {
            idleTimer.onUnused();
          }
        } else if (lb != null) {
          lb.requestConnection();
        }
      });
    }
    return s;
  }

  /**
   * See {@code Channel.notifyWhenStateChanged}.
   *
   * @param source the state the caller last saw
   * @param callback runs once the state is no longer {@code source}
   */
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    state.notifyWhenChanged(source, callback);
  }

  /** See {@code Channel.resetConnectBackoff}. */
  public void resetConnectBackoff() {
    sync.execute(() -> {
      for (AddressSubchannel sc : new ArrayList<>(subchannels)) {
        sc.resetConnectBackoff();
      }
      if (driver != null) {
        driver.refreshNow();
      }
    });
  }

  /** See {@code Channel.enterIdle}. */
  public void enterIdle() {
    sync.execute(this::enterIdleMode);
  }

  private void exitIdleMode() {
    if (shutdown || !idleMode) {
      return;
    }
    idleMode = false;
    state.set(ConnectivityState.CONNECTING);
    helper = new LbHelper();
    lb = policy.provider().newLoadBalancer(helper);
    driver = new ResolverDriver(channelTarget.nextResolver(), new ResolutionSink(), sync, time,
        new ConnectionBackoff(settings.backoff(), random));
    driver.start();
  }

  private void enterIdleMode() {
    if (shutdown || idleMode) {
      return;
    }
    stopLbAndResolver();
    idleMode = true;
    idleTimer.cancel();
    pending.publish(null);
    state.set(ConnectivityState.IDLE);
    if (!pending.isEmpty()) {
      exitIdleMode(); // a call is waiting: it needs a connection after all
    }
  }

  private void stopLbAndResolver() {
    helper = null;
    if (driver != null) {
      driver.shutdown();
      driver = null;
    }
    if (lb != null) {
      lb.shutdown();
      lb = null;
    }
    subchannels.clear();
  }

  // ---------------------------------------------------------------- shutdown

  /** See {@code Channel.shutdown}. */
  public void shutdown() {
    if (!shutdownStarted.compareAndSet(false, true)) {
      return;
    }
    shutdown = true;
    sync.execute(() -> {
      state.set(ConnectivityState.SHUTDOWN);
      idleTimer.cancel();
      if (pending.isEmpty()) {
        finishShutdown();
      }
    });
  }

  /** See {@code Channel.shutdownNow}. */
  public void shutdownNow() {
    shutdown();
    shutdownNow = true;
    Status s = Status.UNAVAILABLE.withDescription("Channel shutdownNow invoked");
    pending.close(s, true);
    live.closeAll(s);
    sync.execute(this::finishShutdown);
  }

  private void onPendingDrained() {
    if (shutdown) {
      // Never run the context inline here: the caller may hold a stream's lock.
      callbackExecutor.execute(() -> sync.execute(() -> {
        if (pending.isEmpty()) {
          finishShutdown();
        }
      }));
    }
  }

  private void finishShutdown() {
    if (lbShutdown) {
      return;
    }
    lbShutdown = true;
    pending.close(Status.UNAVAILABLE.withDescription("Channel shutdown invoked"), false);
    stopLbAndResolver();
    pending.publish(null);
    maybeTerminate();
  }

  private void maybeTerminate() {
    if (lbShutdown && live.isEmpty()) {
      terminated.complete(null);
    }
  }

  /** {@return true once {@link #shutdown()} (or shutdownNow) was called} */
  public boolean isShutdown() {
    return shutdown;
  }

  /** {@return true once shut down, with no waiting call and every connection closed} */
  public boolean isTerminated() {
    return terminated.isDone();
  }

  /**
   * Completes when the channel has terminated.
   *
   * @return a future that completes once the channel has terminated
   */
  public CompletableFuture<Void> terminationFuture() {
    return terminated;
  }

  /**
   * Waits up to {@code timeout} for termination; true when it happened.
   *
   * @param timeout how long to wait at most
   * @return whether the channel terminated in time
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  @Override
  public String toString() {
    return "ClientChannel{" + target + ", " + state.get() + "}";
  }

  // ---------------------------------------------------------------- the balancer's view

  /** Why the last resolver config could not be used (when nothing else could be). */
  private Status serviceConfigError;

  /** The config a resolver result puts in force; null when none can be (see ConfigChoice). */
  private ServiceConfig chooseConfig(String json) {
    try {
      return configs.choose(json);
    } catch (ServiceConfigException e) {
      serviceConfigError = Status.UNAVAILABLE.withDescription("The name resolver of " + target
          + " returned an invalid service config and the channel has no other: "
          + e.getMessage());
      lb.handleNameResolutionError(serviceConfigError);
      return null;
    }
  }

  private void applyConfig(ServiceConfig next) {
    if (!configs.apply(next)) {
      return;
    }
    LoadBalancerProvider before = policy.provider();
    policy.useFor(next);
    if (policy.provider() != before && lb != null) {
      lb.shutdown(); // its subchannels go with it
      helper = new LbHelper();
      lb = policy.provider().newLoadBalancer(helper);
    }
  }

  /** Results of the current resolver go to the current balancer. */
  private final class ResolutionSink implements ResolverDriver.Sink {
    @Override
    public Status applyResult(ResolverDriver from, ResolutionResult result) {
      if (from != driver || lb == null) {
        return Status.OK;
      }
      serviceConfigJson = result.serviceConfigJson();
      ServiceConfig next = chooseConfig(result.serviceConfigJson());
      if (next == null) {
        return serviceConfigError;
      }
      applyConfig(next);
      return lb.acceptResolvedAddresses(new ResolvedAddresses(result.endpoints(),
          HealthCheckSettings.attributes(result.attributes(), next), policy.config()));
    }

    @Override
    public void applyError(ResolverDriver from, Status error) {
      if (from == driver && lb != null) {
        lb.handleNameResolutionError(error);
      }
    }
  }

  /** One balancer's helper; a stale one (after idle or shutdown) is ignored. */
  private final class LbHelper extends LoadBalancer.Helper {
    @Override
    public Subchannel createSubchannel(SocketAddress address, Attributes attributes) {
      sync.throwIfNotInThisContext();
      AddressSubchannel sc = new AddressSubchannel(address, attributes, subchannelContext);
      subchannels.removeIf(s -> s.state() == ConnectivityState.SHUTDOWN);
      subchannels.add(sc);
      return sc;
    }

    @Override
    public void updateBalancingState(ConnectivityState newState, Picker picker) {
      if (helper != this) {
        return;
      }
      if (!shutdown) {
        state.set(newState); // first, so a call failed by this picker sees the new state
      }
      pending.publish(picker);
    }

    @Override
    public void refreshNameResolution() {
      if (helper == this && driver != null) {
        driver.refresh();
      }
    }

    @Override
    public SynchronizationContext syncContext() {
      return sync;
    }

    @Override
    public TimeSource timeSource() {
      return time;
    }

    @Override
    public String channelTarget() {
      return target;
    }
  }
}
