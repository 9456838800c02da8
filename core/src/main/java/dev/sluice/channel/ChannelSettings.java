package dev.sluice.channel;

import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.Connector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;

/**
 * Everything a {@link ClientChannel} is built from; {@code Channel.Builder} fills it in, and its
 * javadoc describes each setting.
 *
 * @param target the target string, or null when {@code connector} is given
 * @param connector a single connector (the pre-target API), or null
 * @param resolverProviders providers added on the builder, in the order added
 * @param transportFactory the transport factory, or null to find them with ServiceLoader
 * @param defaultPort the port for targets that name none, or 0 for 443/80 by TLS
 * @param authority the {@code :authority} override, or null for the resolver's
 * @param loadBalancingPolicy the policy's name
 * @param loadBalancingConfig the policy's configuration, or null
 * @param idleTimeout time without calls before idle mode; null disables it
 * @param backoff reconnect backoff
 * @param minTimeBetweenResolutions for polling resolvers, or null for their default
 * @param blockingExecutor for blocking lookups, or null for a shared pool
 * @param timeSource clock and timers, or null for the system clock on {@code scheduler}
 * @param random the jitter source (uniform in [0, 1)), or null for a real one
 * @param transparentRetry whether calls that never reached the server are retried
 * @param scheduler the channel's timer thread, also where results made by the channel itself
 *     (not by a transport) are delivered
 * @param retry service config and retry settings
 */
public record ChannelSettings(String target, Connector connector,
    List<NameResolverProvider> resolverProviders, ClientTransportFactory transportFactory,
    int defaultPort, String authority, String loadBalancingPolicy,
    Map<String, ?> loadBalancingConfig, Duration idleTimeout, BackoffSettings backoff,
    Duration minTimeBetweenResolutions, Executor blockingExecutor, TimeSource timeSource,
    DoubleSupplier random, boolean transparentRetry, ScheduledExecutorService scheduler,
    RetrySettings retry) {

  /** The policy when none is chosen. */
  public static final String DEFAULT_POLICY = "pick_first";
  /** Time without calls before the channel enters idle mode. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  /**
   * Checks that exactly one of target and connector is set, and that the policy, backoff, scheduler
   * and retry settings are there.
   *
   * @param target the target string, or null when {@code connector} is given
   * @param connector a single connector (the pre-target API), or null
   * @param resolverProviders providers added on the builder, in the order added
   * @param transportFactory the transport factory, or null to find them with ServiceLoader
   * @param defaultPort the port for targets that name none, or 0 for 443/80 by TLS
   * @param authority the {@code :authority} override, or null for the resolver's
   * @param loadBalancingPolicy the policy's name
   * @param loadBalancingConfig the policy's configuration, or null
   * @param idleTimeout time without calls before idle mode; null disables it
   * @param backoff reconnect backoff
   * @param minTimeBetweenResolutions for polling resolvers, or null for their default
   * @param blockingExecutor for blocking lookups, or null for a shared pool
   * @param timeSource clock and timers, or null for the system clock on {@code scheduler}
   * @param random the jitter source (uniform in [0, 1)), or null for a real one
   * @param transparentRetry whether calls that never reached the server are retried
   * @param scheduler the channel's timer thread, also where results made by the channel itself (not
   *     by a transport) are delivered
   * @param retry service config and retry settings
   */
  public ChannelSettings {
    if ((target == null) == (connector == null)) {
      throw new IllegalArgumentException("exactly one of target and connector");
    }
    resolverProviders = List.copyOf(resolverProviders);
    Objects.requireNonNull(loadBalancingPolicy, "loadBalancingPolicy");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(retry, "retry");
  }

  /**
   * True when every connection the channel can make is secure ({@link Connector#isSecure()},
   * {@link ClientTransportFactory#isSecure()}): all of a channel's connections come from its one
   * connector or transport factory, so this is also true of the connection a call gets.
   *
   * @return whether the channel's connections are secure
   * @throws IllegalArgumentException when the target has no transport
   */
  public boolean secure() {
    return connector != null ? connector.isSecure()
        : TransportFactories.choose(transportFactory, target).isSecure();
  }

  /**
   * Settings with {@link RetrySettings#DEFAULT}.
   *
   * @param target the target string, or null when {@code connector} is given
   * @param connector a single connector (the pre-target API), or null
   * @param resolverProviders providers added on the builder, in the order added
   * @param transportFactory the transport factory, or null to find them with ServiceLoader
   * @param defaultPort the port for targets that name none, or 0 for 443/80 by TLS
   * @param authority the {@code :authority} override, or null for the resolver's
   * @param loadBalancingPolicy the policy's name
   * @param loadBalancingConfig the policy's configuration, or null
   * @param idleTimeout time without calls before idle mode; null disables it
   * @param backoff reconnect backoff
   * @param minTimeBetweenResolutions for polling resolvers, or null for their default
   * @param blockingExecutor for blocking lookups, or null for a shared pool
   * @param timeSource clock and timers, or null for the system clock on {@code scheduler}
   * @param random the jitter source (uniform in [0, 1)), or null for a real one
   * @param transparentRetry whether calls that never reached the server are retried
   * @param scheduler the channel's timer thread, also where results made by the channel itself (not
   *     by a transport) are delivered
   */
  public ChannelSettings(String target, Connector connector,
      List<NameResolverProvider> resolverProviders, ClientTransportFactory transportFactory,
      int defaultPort, String authority, String loadBalancingPolicy,
      Map<String, ?> loadBalancingConfig, Duration idleTimeout, BackoffSettings backoff,
      Duration minTimeBetweenResolutions, Executor blockingExecutor, TimeSource timeSource,
      DoubleSupplier random, boolean transparentRetry, ScheduledExecutorService scheduler) {
    this(target, connector, resolverProviders, transportFactory, defaultPort, authority,
        loadBalancingPolicy, loadBalancingConfig, idleTimeout, backoff, minTimeBetweenResolutions,
        blockingExecutor, timeSource, random, transparentRetry, scheduler, RetrySettings.DEFAULT);
  }
}
