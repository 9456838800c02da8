package dev.sluice;

import dev.sluice.channel.ClientChannel;
import dev.sluice.transport.ConnectivityState;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The connectivity and lifecycle half of {@link Channel}'s API: its state, idle mode, backoff,
 * shutdown and termination, all forwarded to the {@link ClientChannel} underneath.
 *
 * <p>It exists only to keep {@code Channel.java} small: {@code Channel} is its one subclass, and
 * since this class is package-private its public methods are documented and called as {@code
 * Channel}'s own. Not a base for anything else.
 */
abstract class ChannelLifecycle {

  /** The channel core that connects, balances and shuts down. */
  final ClientChannel core;

  ChannelLifecycle(ClientChannel core) {
    this.core = Objects.requireNonNull(core, "core");
  }

  /**
   * The channel's connectivity state, at once. With {@code requestConnection}, an IDLE channel
   * starts connecting (and this counts as activity for idle mode).
   *
   * @param requestConnection whether an IDLE channel should start connecting
   * @return the state now
   */
  public ConnectivityState getState(boolean requestConnection) {
    return core.getState(requestConnection);
  }

  /**
   * Runs {@code callback} once, as soon as the state is not {@code source} (at once if it already
   * is not). It only says "something changed": read {@link #getState} again; states in between
   * may have been skipped. The callback runs on the channel's scheduler thread and must not
   * block.
   *
   * @param source the state the caller last saw
   * @param callback runs once the state is no longer {@code source}
   */
  public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
    core.notifyWhenStateChanged(source, callback);
  }

  /**
   * Waits until the state is not {@code source}, or {@code timeout} passes (C++'s {@code
   * WaitForStateChange}). True when it changed.
   *
   * @param source the state the caller last saw
   * @param timeout how long to wait at most
   * @return whether the state changed in time
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public boolean awaitStateChange(ConnectivityState source, Duration timeout)
      throws InterruptedException {
    CountDownLatch changed = new CountDownLatch(1);
    core.notifyWhenStateChanged(source, changed::countDown);
    return changed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Ends every reconnect backoff wait now (subchannels in TRANSIENT_FAILURE try again at once)
   * and asks the name resolver to resolve again: for when the application knows the network is
   * back.
   */
  public void resetConnectBackoff() {
    core.resetConnectBackoff();
  }

  /**
   * Enters idle mode now, as if the idle timeout had passed: the resolver and load balancer stop
   * and connections close once their calls are done. The next call starts over.
   */
  public void enterIdle() {
    core.enterIdle();
  }

  /**
   * Starts a graceful shutdown: new calls fail with UNAVAILABLE; calls already started, and
   * calls waiting for a connection, go on; connections close once their calls are done.
   */
  public void shutdown() {
    core.shutdown();
  }

  /** Ends every call now with UNAVAILABLE, waiting ones included, and closes every connection. */
  public void shutdownNow() {
    core.shutdownNow();
  }

  /** {@return true once {@link #shutdown()} or {@link #shutdownNow()} was called} */
  public boolean isShutdown() {
    return core.isShutdown();
  }

  /** {@return true once shut down with no call waiting and every connection closed} */
  public boolean isTerminated() {
    return core.isTerminated();
  }

  /**
   * Waits until the channel has terminated; false when {@code timeout} passed first.
   *
   * @param timeout how long to wait at most
   * @return whether the channel terminated in time
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return core.awaitTermination(timeout);
  }

  /**
   * {@link #shutdownNow()} and wait up to five seconds for termination.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public void close() throws InterruptedException {
    shutdownNow();
    awaitTermination(Duration.ofSeconds(5));
  }
}
