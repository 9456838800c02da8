package dev.sluice.channel;

import dev.sluice.transport.Transport;
import java.net.SocketAddress;

/**
 * One address of a backend, with at most one live connection to it at a time: what a {@link
 * LoadBalancer} balances over. Made by {@link LoadBalancer.Helper#createSubchannel}.
 *
 * <p>States and their changes (gRFC A61):
 *
 * <pre>
 * IDLE --requestConnection()--&gt; CONNECTING
 * CONNECTING --connection ready (HTTP/2 SETTINGS received)--&gt; READY   (backoff reset)
 * CONNECTING --connect or handshake error, connect timeout--&gt; TRANSIENT_FAILURE
 * TRANSIENT_FAILURE --backoff over, or resetConnectBackoff()--&gt; IDLE
 * READY --connection lost or GOAWAY received--&gt; IDLE   (calls on it finish there)
 * any --shutdown()--&gt; SHUTDOWN
 * </pre>
 *
 * <p>A subchannel never reconnects by itself: the load balancer calls {@link
 * #requestConnection()} when it sees IDLE and wants a connection. Backoff spaces out the start
 * times of connection attempts (gRPC's connection-backoff document): 1 s, then ×1.6 each failure up
 * to 120 s, each jittered by ±20 %; every attempt gets at least the minimum connect timeout (20 s).
 *
 * <p>Every method must be called from the channel's {@link SynchronizationContext}; state
 * changes are reported there too.
 */
public abstract class Subchannel {

  /** Receives a subchannel's state changes, in the synchronization context. */
  @FunctionalInterface
  public interface StateListener {
    /**
     * Told each new state of the subchannel.
     *
     * @param state the new state, with the error for TRANSIENT_FAILURE
     */
    void onStateChange(SubchannelState state);
  }

  /**
   * Starts reporting state changes to {@code listener}. Call once, before anything else.
   *
   * @param listener told each new state
   */
  public abstract void start(StateListener listener);

  /** Connects if IDLE; no effect in any other state. */
  public abstract void requestConnection();

  /**
   * Shuts down: SHUTDOWN, no more reports. Its connection stops taking new calls; calls already
   * on it finish there.
   */
  public abstract void shutdown();

  /** {@return the address this subchannel connects to} */
  public abstract SocketAddress address();

  /** {@return the endpoint's attributes from the resolver} */
  public abstract Attributes attributes();

  /**
   * The channel's hook: the READY connection, or null. Subchannels the channel did not make have
   * none, so a pick that returns one queues until the next picker.
   */
  Transport readyTransport() {
    return null;
  }
}
