package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The channel's {@link Subchannel}: one address, at most one connection attempt or ready
 * connection at a time, the state machine and backoff described on {@link Subchannel}.
 *
 * <p>Backoff spaces out attempt <em>start</em> times: an attempt started at {@code t} with slot
 * {@code s} is given {@code max(s, minConnectTimeout)} to become ready; if it fails earlier, the
 * subchannel stays in TRANSIENT_FAILURE until {@code t + s}, then reports IDLE. A connection
 * that became ready resets the sequence.
 *
 * <p>Logs to {@code dev.sluice.channel} once per transition, never per call: the first failed
 * attempt after a start or a ready connection at WARNING, further failed attempts of the same run
 * at DEBUG, connecting again after failures at INFO. The end of a ready connection is INFO: on its
 * own it needs no action (servers rotate connections with GOAWAY, max_age), and if the server is
 * really gone the attempt to reconnect fails and warns.
 *
 * <p>Runs in the synchronization context, except {@link #readyTransport()}, which pickers'
 * callers read from any thread.
 */
final class AddressSubchannel extends Subchannel {

  private static final Logger log = System.getLogger("dev.sluice.channel");

  private final SocketAddress address;
  private final Attributes attributes;
  private final SubchannelContext ctx;
  private final ConnectionBackoff backoff;

  private StateListener listener;
  private ConnectivityState state = ConnectivityState.IDLE;
  private Transport connecting;
  private volatile Transport ready;
  private long slotEndNanos;
  private TimeSource.Cancellable backoffTimer;
  private TimeSource.Cancellable connectTimer;
  /** Attempts failed since the subchannel started or was last ready. */
  private int failedInARow;

  AddressSubchannel(SocketAddress address, Attributes attributes, SubchannelContext ctx) {
    this.address = address;
    this.attributes = attributes;
    this.ctx = ctx;
    this.backoff = new ConnectionBackoff(ctx.backoff(), ctx.random());
  }

  @Override
  public void start(StateListener listener) {
    if (this.listener != null) {
      throw new IllegalStateException("Subchannel " + address + " was already started");
    }
    this.listener = listener;
  }

  @Override
  public void requestConnection() {
    if (state == ConnectivityState.IDLE) {
      connect();
    }
  }

  private void connect() {
    long now = ctx.time().nanoTime();
    long slot = backoff.nextSlotNanos();
    slotEndNanos = now + slot;
    long timeout = Math.max(slot, backoff.minConnectTimeoutNanos());
    setState(ConnectivityState.CONNECTING, Status.OK);
    Transport t;
    try {
      Duration keepAlive = ctx.keepAlive().current();
      t = ctx.transports().newTransport(address, new ClientTransportOptions(ctx.authority(),
          Duration.ofNanos(timeout), keepAlive,
          used -> ctx.keepAlive().tooManyPings(keepAlive, used)));
    } catch (RuntimeException e) {
      failed(Status.UNAVAILABLE.withDescription("Could not start a connection to " + address
          + ": " + e.getMessage()).withCause(e));
      return;
    }
    connecting = t;
    ctx.live().add(t);
    t.performTransportOp(new TransportOp.WatchConnectivity(
        (s, reason) -> ctx.sync().execute(() -> onTransportState(t, s, reason))));
    connectTimer = ctx.sync().schedule(() -> {
      connectTimer = null;
      if (connecting == t) {
        Status timedOut = Status.UNAVAILABLE.withDescription("Connection to " + address
            + " was not ready within " + Duration.ofNanos(timeout).toMillis()
            + " ms (the connect timeout)");
        connecting = null;
        t.close(timedOut);
        failed(timedOut);
      }
    }, timeout, TimeUnit.NANOSECONDS, ctx.time());
  }

  private void onTransportState(Transport t, ConnectivityState s, Status reason) {
    boolean gone = s == ConnectivityState.TRANSIENT_FAILURE || s == ConnectivityState.SHUTDOWN;
    if (t == connecting) {
      if (s == ConnectivityState.READY) {
        cancelConnectTimer();
        connecting = null;
        ready = t;
        backoff.reset();
        logConnected();
        setState(ConnectivityState.READY, Status.OK);
      } else if (gone) {
        cancelConnectTimer();
        connecting = null;
        t.close(reason.isOk() ? Status.UNAVAILABLE : reason);
        failed(reason);
      }
    } else if (t == ready && gone) {
      // Lost (or told to go away): calls on it finish there; new ones need a new connection.
      ready = null;
      log.log(Level.INFO, () -> "Connection to " + address + " ended: " + describe(reason));
      if (s == ConnectivityState.TRANSIENT_FAILURE) {
        t.shutdown(reason.isOk() ? Status.UNAVAILABLE : reason);
      }
      backoff.reset();
      setState(ConnectivityState.IDLE, Status.OK);
    }
  }

  private void failed(Status reason) {
    Status error = reason.isOk()
        ? Status.UNAVAILABLE.withDescription("Connection to " + address + " failed") : reason;
    // The timer first: whoever learns of the failure may move the clock at once.
    long wait = Math.max(0, slotEndNanos - ctx.time().nanoTime());
    backoffTimer = ctx.sync().schedule(() -> {
      backoffTimer = null;
      if (state == ConnectivityState.TRANSIENT_FAILURE) {
        setState(ConnectivityState.IDLE, Status.OK);
      }
    }, wait, TimeUnit.NANOSECONDS, ctx.time());
    logFailure(error, wait);
    setState(ConnectivityState.TRANSIENT_FAILURE, error);
  }

  /** WARNING for the first failure of a run, DEBUG for the retries that follow it. */
  private void logFailure(Status error, long waitNanos) {
    failedInARow++;
    Level level = failedInARow == 1 ? Level.WARNING : Level.DEBUG;
    int attempt = failedInARow;
    log.log(level, () -> "Connection to " + address + " failed (attempt " + attempt + "): "
        + describe(error) + "; backing off for " + Duration.ofNanos(waitNanos).toMillis() + " ms"
        + (attempt == 1 ? "; further failures are logged at DEBUG until it connects" : ""));
  }

  private void logConnected() {
    int failures = failedInARow;
    failedInARow = 0;
    if (failures > 0) {
      log.log(Level.INFO, () -> "Connected to " + address + " after " + failures
          + " failed attempt" + (failures == 1 ? "" : "s"));
    } else {
      log.log(Level.DEBUG, () -> "Connected to " + address);
    }
  }

  /** A status for a log line: code and description (else the cause), no metadata. */
  private static String describe(Status status) {
    Object why = status.description() != null ? status.description() : status.cause();
    return status.code() + (why == null ? "" : ": " + why);
  }

  /** Starts the backoff sequence over; in TRANSIENT_FAILURE, ends the wait now (IDLE). */
  void resetConnectBackoff() {
    backoff.reset();
    if (state == ConnectivityState.TRANSIENT_FAILURE) {
      if (backoffTimer != null) {
        backoffTimer.cancel();
        backoffTimer = null;
      }
      setState(ConnectivityState.IDLE, Status.OK);
    }
  }

  @Override
  public void shutdown() {
    if (state == ConnectivityState.SHUTDOWN) {
      return;
    }
    state = ConnectivityState.SHUTDOWN;
    cancelConnectTimer();
    if (backoffTimer != null) {
      backoffTimer.cancel();
      backoffTimer = null;
    }
    Status why = Status.UNAVAILABLE.withDescription("Subchannel to " + address + " shut down");
    if (connecting != null) {
      connecting.close(why);
      connecting = null;
    }
    Transport t = ready;
    if (t != null) {
      ready = null;
      t.shutdown(why); // graceful: calls on it finish
    }
  }

  private void cancelConnectTimer() {
    if (connectTimer != null) {
      connectTimer.cancel();
      connectTimer = null;
    }
  }

  private void setState(ConnectivityState s, Status status) {
    if (state == ConnectivityState.SHUTDOWN) {
      return;
    }
    state = s;
    if (listener != null) {
      listener.onStateChange(new SubchannelState(s, status));
    }
  }

  @Override
  Transport readyTransport() {
    return ready;
  }

  /** What this subchannel shares with the channel's others (for health checking). */
  SubchannelContext context() {
    return ctx;
  }

  /** The current state (tests and the channel's own bookkeeping). */
  ConnectivityState state() {
    return state;
  }

  @Override
  public SocketAddress address() {
    return address;
  }

  @Override
  public Attributes attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    return "Subchannel{" + address + ", " + state + "}";
  }
}
