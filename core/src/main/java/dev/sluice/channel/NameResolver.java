package dev.sluice.channel;

import dev.sluice.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Turns a channel's target into the addresses of its backends. One resolver serves one channel
 * for one stretch of activity: the channel makes a new one from its {@link NameResolverProvider}
 * each time it leaves idle mode, and shuts it down when it enters idle mode or shuts down.
 *
 * <h2>The contract</h2>
 *
 * <ul>
 *   <li><b>Threads.</b> The channel calls {@link #start}, {@link #refresh} and {@link #shutdown}
 *       from its {@link SynchronizationContext}, one at a time and never concurrently; they must
 *       return at once. Blocking work (a DNS query, a file read) belongs on {@link
 *       Args#blockingExecutor()}, never on the calling thread, which may be an event loop.
 *   <li><b>Results.</b> The resolver reports through its {@link Listener}, from any thread, at
 *       any time after {@code start} and before {@code shutdown} returns: {@link
 *       Listener#onResult} with a complete new set of endpoints (each result replaces the last),
 *       or {@link Listener#onError} when resolution failed. The first report should come soon
 *       after {@code start}: calls wait for it. Reports after {@code shutdown} are ignored.
 *   <li><b>Refresh.</b> {@link #refresh} is a hint that the addresses may be stale (a connection
 *       failed, a server sent GOAWAY, every backend failed). A resolver may resolve again, defer
 *       the work (the DNS resolver waits out a minimum interval since its last success), or
 *       ignore it when its results cannot change. It does not poll by itself.
 *   <li><b>Errors.</b> An error is a {@link Status} (normally UNAVAILABLE) whose description a
 *       person can act on: calls that fail because of it carry it. After an error, or a result
 *       the load balancer rejected, the channel calls {@code refresh()} again after an
 *       exponential backoff (1 s, ×1.6, up to 120 s); a resolver need not retry by itself.
 * </ul>
 */
public interface NameResolver {

  /**
   * The default {@code :authority} of the channel's calls, from the target.
   *
   * @return the authority, such as {@code example.com:443}
   */
  String serviceAuthority();

  /**
   * Starts resolving; results go to {@code listener}. Called once.
   *
   * @param listener told each result or error
   */
  void start(Listener listener);

  /** Asks for a new resolution; see the class comment. No effect before start or after shutdown. */
  void refresh();

  /** Stops: no more results, timers cancelled, nothing left running. Idempotent. */
  void shutdown();

  /** Receives a resolver's results; see the class comment. Thread-safe. */
  interface Listener {
    /**
     * A new, complete set of endpoints (possibly empty).
     *
     * @param result the endpoints, attributes and service config
     */
    void onResult(ResolutionResult result);

    /**
     * Resolution failed; {@code error} is not OK.
     *
     * @param error why resolution failed; not OK
     */
    void onError(Status error);
  }

  /**
   * What the channel gives a new resolver.
   *
   * @param defaultPort the port for a target that names none: 443 when the channel's transport
   *     speaks TLS, 80 otherwise, unless the builder set another
   * @param blockingExecutor where blocking lookups run (never an event loop)
   * @param timeSource the channel's clock and timer
   * @param minTimeBetweenResolutions the least time between two resolutions of a polling
   *     resolver after a success; null for the resolver's own default
   */
  record Args(int defaultPort, Executor blockingExecutor, TimeSource timeSource,
      Duration minTimeBetweenResolutions) {
    /**
     * Checks the port and that the executor and time source are there.
     *
     * @param defaultPort the port for a target that names none: 443 when the channel's transport
     *     speaks TLS, 80 otherwise, unless the builder set another
     * @param blockingExecutor where blocking lookups run (never an event loop)
     * @param timeSource the channel's clock and timer
     * @param minTimeBetweenResolutions the least time between two resolutions of a polling resolver
     *     after a success; null for the resolver's own default
     */
    public Args {
      if (defaultPort < 1 || defaultPort > 65535) {
        throw new IllegalArgumentException("defaultPort must be 1..65535: " + defaultPort);
      }
      Objects.requireNonNull(blockingExecutor, "blockingExecutor");
      Objects.requireNonNull(timeSource, "timeSource");
    }
  }
}
