package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import java.net.SocketAddress;

/**
 * Decides which backend each call goes to: a load-balancing policy ({@code pick_first}, {@code
 * round_robin}, or one of yours, chosen by name through the {@link LoadBalancerRegistry}).
 *
 * <h2>The contract</h2>
 *
 * <ul>
 *   <li><b>Threads.</b> Every method runs in the channel's {@link SynchronizationContext}, as do
 *       the subchannel state reports it receives; so a policy needs no locks for its own state.
 *       Its {@link Picker}s run elsewhere (on the threads that start calls) and must only read.
 *   <li><b>Input.</b> {@link #acceptResolvedAddresses} with each new resolution; {@link
 *       #handleNameResolutionError} when resolution failed (keep the addresses you have, if any).
 *   <li><b>Output.</b> Subchannels made with {@link Helper#createSubchannel} and a state plus a
 *       picker published with {@link Helper#updateBalancingState} whenever either changes. The
 *       channel reports the policy's state as its own (except in idle mode and after shutdown).
 *   <li><b>Re-resolution.</b> Call {@link Helper#refreshNameResolution()} when the addresses may
 *       be stale: a connection failed or was lost, every backend failed.
 *   <li><b>End.</b> {@link #shutdown()} when the channel enters idle mode or shuts down: shut
 *       every subchannel down. The channel makes a new policy when it leaves idle mode.
 * </ul>
 */
public abstract class LoadBalancer {

  /**
   * A new resolution. Returns OK when the policy accepted it; any other status (such as
   * UNAVAILABLE for an empty address list) makes the channel ask the resolver again after a
   * backoff.
   *
   * @param addresses the endpoints, attributes and parsed policy configuration
   * @return OK, or why the resolution was not usable
   */
  public abstract Status acceptResolvedAddresses(ResolvedAddresses addresses);

  /**
   * Resolution failed with {@code error}; a policy with no addresses yet fails calls with it.
   *
   * @param error why resolution failed
   */
  public abstract void handleNameResolutionError(Status error);

  /** Connect now if idle: the channel was asked to (a call, or {@code getState(true)}). */
  public void requestConnection() {}

  /** Shuts down every subchannel; nothing is reported afterwards. */
  public abstract void shutdown();

  /** What the channel offers a policy. All methods must be called in the synchronization context. */
  public abstract static class Helper {

    /**
     * A new subchannel to {@code address}, not yet connecting ({@link Subchannel#start} it, then
     * {@link Subchannel#requestConnection()}).
     *
     * @param address where the subchannel connects
     * @param attributes the endpoint's attributes from the resolver
     * @return the subchannel, not started
     */
    public abstract Subchannel createSubchannel(SocketAddress address, Attributes attributes);

    /**
     * Publishes the policy's state and the picker that goes with it.
     *
     * @param state the policy's aggregate state
     * @param picker what calls use from now on
     */
    public abstract void updateBalancingState(ConnectivityState state, Picker picker);

    /** Asks the name resolver to resolve again (a hint; it may be deferred). */
    public abstract void refreshNameResolution();

    /**
     * The channel's synchronization context.
     *
     * @return the context the policy's methods run in
     */
    public abstract SynchronizationContext syncContext();

    /**
     * The channel's clock and timer.
     *
     * @return the clock and timer; a virtual one in tests
     */
    public abstract TimeSource timeSource();

    /**
     * The channel's target, for messages.
     *
     * @return the channel's target as the application gave it
     */
    public abstract String channelTarget();
  }
}
