package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A channel subchannel with client-side health checking (gRFC A17): while its
 * connection is READY and a service name is set, it keeps a {@code Health/Watch} stream open
 * and reports the <em>health</em> state to a separate listener, next to the raw connectivity
 * state that goes to the subchannel's own listener unchanged (A61's health listener). So the
 * {@code pick_first} child of {@code round_robin} sees the connection as it is, and
 * {@code round_robin} picks the endpoint only while its health state is READY.
 *
 * <ul>
 *   <li>Health state: CONNECTING from the connection's READY until the first response; READY
 *       while the server says SERVING; TRANSIENT_FAILURE for any other status (the connection
 *       stays up) and while a failed Watch waits to be retried.
 *   <li>A Watch that ends with UNIMPLEMENTED (the server has no health service) disables the
 *       check for this connection: READY, logged once at SEVERE (see {@link #onWatchEnd}).
 *   <li>A Watch that ends otherwise is retried: at once when it had delivered a status (the
 *       backoff starts over), else after the next connection-backoff slot.
 *   <li>The connection leaving READY cancels the Watch; a new connection starts checking again.
 * </ul>
 *
 * <p>With no service name (no {@code healthCheckConfig}) no stream is opened and the health
 * state is the connection's. Runs in the synchronization context.
 */
final class HealthCheckedSubchannel extends Subchannel {

  private static final Logger log = System.getLogger("dev.sluice.channel");

  private final AddressSubchannel delegate;
  private final SubchannelContext ctx;
  private final Consumer<SubchannelState> healthListener;
  private final ConnectionBackoff backoff;

  private String serviceName;
  private ConnectivityState raw = ConnectivityState.IDLE;
  private SubchannelState health = SubchannelState.of(ConnectivityState.IDLE);
  private HealthWatch watch;
  private boolean gotResponse;
  private boolean disabled;
  private boolean loggedUnimplemented;
  private TimeSource.Cancellable retryTimer;
  private int watchesStarted;
  private boolean shutdown;

  /**
   * @param serviceName the service to watch, or null for no health checking
   * @param healthListener receives each change of the health state
   */
  HealthCheckedSubchannel(AddressSubchannel delegate, String serviceName,
      Consumer<SubchannelState> healthListener) {
    this.delegate = delegate;
    this.ctx = delegate.context();
    this.serviceName = serviceName;
    this.healthListener = healthListener;
    this.backoff = new ConnectionBackoff(ctx.backoff(), ctx.random());
  }

  @Override
  public void start(StateListener listener) {
    delegate.start(s -> {
      raw = s.state();
      if (raw == ConnectivityState.READY) {
        disabled = false; // A17: a new connection checks again, even after UNIMPLEMENTED
        backoff.reset();
        startChecking();
      } else {
        stopWatch();
        health = s; // no report: the policy hears of the connection itself, just below
      }
      listener.onStateChange(s); // after the health state, so the policy reads the new one
    });
  }

  /** The current health state: what a policy that checks health goes by. */
  SubchannelState health() {
    return health;
  }

  /** True while the connection is READY (its health may still say otherwise). */
  boolean isConnectionReady() {
    return !shutdown && raw == ConnectivityState.READY;
  }

  boolean isShutdown() {
    return shutdown;
  }

  /** How many Watch streams this subchannel has opened (tests). */
  int watchesStarted() {
    return watchesStarted;
  }

  /** A new service name from a new service config (null: stop checking); restarts the Watch. */
  void setServiceName(String name) {
    if (Objects.equals(name, serviceName)) {
      return;
    }
    serviceName = name;
    if (raw == ConnectivityState.READY) {
      stopWatch();
      backoff.reset();
      startChecking();
    }
  }

  private void startChecking() {
    if (serviceName == null || disabled) {
      setHealth(SubchannelState.of(ConnectivityState.READY));
      return;
    }
    Transport t = delegate.readyTransport();
    if (t == null) {
      setHealth(SubchannelState.of(ConnectivityState.READY));
      return;
    }
    if (health.state() != ConnectivityState.READY) {
      // A17: CONNECTING until the first answer; a READY one stays READY (a new service name).
      setHealth(SubchannelState.of(ConnectivityState.CONNECTING));
    }
    gotResponse = false;
    watchesStarted++;
    HealthWatch[] self = new HealthWatch[1];
    self[0] = HealthWatch.start(t, ctx.authority(), serviceName, ctx.sync(),
        new HealthWatch.Listener() {
          @Override
          public void onServingStatus(int status) {
            if (watch == self[0]) {
              onStatus(status);
            }
          }

          @Override
          public void onEnd(Status status) {
            if (watch == self[0]) {
              watch = null;
              onWatchEnd(status);
            }
          }
        });
    watch = self[0];
  }

  private void onStatus(int status) {
    gotResponse = true;
    if (status == HealthWatch.SERVING) {
      setHealth(SubchannelState.of(ConnectivityState.READY));
    } else {
      setHealth(SubchannelState.failure(Status.UNAVAILABLE.withDescription("Health check of "
          + describe() + " reports " + statusName(status))));
    }
  }

  /**
   * UNIMPLEMENTED: the server has no health service; checking is off for this connection
   * (logged once per subchannel, at SEVERE as A17 asks, since the config asked for a check the
   * server cannot answer). Anything else: TRANSIENT_FAILURE and a retry.
   */
  private void onWatchEnd(Status status) {
    if (status.code() == Status.Code.UNIMPLEMENTED) {
      disabled = true;
      if (!loggedUnimplemented) {
        loggedUnimplemented = true;
        log.log(Level.ERROR, "Health checking of " + describe() + " is disabled: the server "
            + "answered Watch with UNIMPLEMENTED (" + status.description() + ")");
      }
      setHealth(SubchannelState.of(ConnectivityState.READY));
      return;
    }
    setHealth(SubchannelState.failure(Status.UNAVAILABLE.withDescription("Health-check stream of "
        + describe() + " ended with " + status.code() + ": " + status.description())
        .withCause(status.cause())));
    long delay;
    if (gotResponse) {
      backoff.reset();
      delay = 0;
    } else {
      delay = backoff.nextSlotNanos();
    }
    retryTimer = ctx.sync().schedule(() -> {
      retryTimer = null;
      if (raw == ConnectivityState.READY && watch == null) {
        startChecking();
      }
    }, delay, TimeUnit.NANOSECONDS, ctx.time());
  }

  private void stopWatch() {
    if (retryTimer != null) {
      retryTimer.cancel();
      retryTimer = null;
    }
    HealthWatch w = watch;
    if (w != null) {
      watch = null;
      w.cancel();
    }
  }

  private void setHealth(SubchannelState s) {
    if (s.equals(health)) {
      return;
    }
    health = s;
    healthListener.accept(s);
  }

  private String describe() {
    return "service '" + serviceName + "' at " + delegate.address();
  }

  private static String statusName(int status) {
    return switch (status) {
      case 0 -> "UNKNOWN";
      case 1 -> "SERVING";
      case 2 -> "NOT_SERVING";
      case 3 -> "SERVICE_UNKNOWN";
      default -> "status " + status;
    };
  }

  @Override
  public void requestConnection() {
    delegate.requestConnection();
  }

  @Override
  public void shutdown() {
    shutdown = true;
    stopWatch();
    delegate.shutdown();
  }

  @Override
  public SocketAddress address() {
    return delegate.address();
  }

  @Override
  public Attributes attributes() {
    return delegate.attributes();
  }

  @Override
  Transport readyTransport() {
    return delegate.readyTransport();
  }

  @Override
  public String toString() {
    return "HealthChecked" + delegate + "{" + health.state() + "}";
  }
}
