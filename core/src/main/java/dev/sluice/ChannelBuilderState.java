package dev.sluice;

import dev.sluice.channel.BackoffSettings;
import dev.sluice.channel.ChannelSettings;
import dev.sluice.channel.NameResolverProvider;
import dev.sluice.channel.RetrySettings;
import dev.sluice.channel.TimeSource;
import dev.sluice.compression.MessageCodecs;
import dev.sluice.config.ServiceConfig;
import dev.sluice.filter.Filter;
import dev.sluice.filter.MessageSizeFilter;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.transport.ClientTransportFactory;
import dev.sluice.transport.Connector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;

/**
 * What a {@link Channel.Builder} has collected: every setting with its default, the checks of the
 * setters that reject a value, and what {@code build()} turns the settings into (the client
 * channel's {@link ChannelSettings}, the {@link CallStacks}). It lives apart from the builder so
 * that the public builder holds only its documented setters; the builder alone writes it.
 */
final class ChannelBuilderState {
  final String target;
  final Connector connector;
  final List<Filter> filters = new ArrayList<>();
  ScheduledExecutorService scheduler;
  String authority;
  int maxInbound = MessageSizeFilter.DEFAULT_MAX_INBOUND;
  int maxOutbound = Integer.MAX_VALUE;
  MessageCodecs codecs = MessageCodecs.defaults();
  final List<NameResolverProvider> resolverProviders = new ArrayList<>();
  ClientTransportFactory transportFactory;
  int defaultPort;
  String policy = ChannelSettings.DEFAULT_POLICY;
  Map<String, ?> policyConfig;
  Duration idleTimeout = ChannelSettings.DEFAULT_IDLE_TIMEOUT;
  BackoffSettings backoff = BackoffSettings.DEFAULT;
  Duration minTimeBetweenResolutions;
  Executor blockingExecutor;
  TimeSource timeSource;
  DoubleSupplier random;
  boolean transparentRetry = true;
  String defaultServiceConfig;
  boolean serviceConfigLookUp = true;
  boolean retryEnabled = true;
  long retryBufferSize = RetrySettings.DEFAULT_CHANNEL_BUFFER;
  long perRpcBufferLimit = RetrySettings.DEFAULT_PER_CALL_BUFFER;
  CallCredentials callCredentials;
  Executor callbackExecutor;
  ClientTelemetry telemetry;

  /** Exactly one of {@code target} and {@code connector} is non-null. */
  ChannelBuilderState(String target, Connector connector) {
    this.target = target;
    this.connector = connector;
  }

  /** Rejects a setting that only a target channel has, on a channel built on a connector. */
  void requireTarget(String what) {
    if (connector != null) {
      throw new IllegalStateException(what + " applies to target channels; this one is built"
          + " on a Connector");
    }
  }

  static int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    return port;
  }

  /** Idle timeouts shorter than a second are raised to one second. */
  static Duration atLeastOneSecond(Duration timeout) {
    return timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
  }

  static Duration checkNotNegative(Duration interval, String name) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + interval);
    }
    return interval;
  }

  static long checkNotNegative(long bytes, String name) {
    if (bytes < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + bytes);
    }
    return bytes;
  }

  /** The scheduler the channel uses: the one set, else the shared one. */
  ScheduledExecutorService schedulerOrShared() {
    return scheduler != null ? scheduler : SharedResources.scheduler();
  }

  /**
   * The client channel's settings; parses the default service config, so an invalid one fails
   * {@code build()}.
   */
  ChannelSettings channelSettings(ScheduledExecutorService channelScheduler) {
    ServiceConfig dflt = defaultServiceConfig == null ? null
        : ServiceConfig.parse(defaultServiceConfig);
    return new ChannelSettings(target, connector, resolverProviders, transportFactory,
        defaultPort, authority, policy, policyConfig, idleTimeout, backoff,
        minTimeBetweenResolutions, blockingExecutor, timeSource, random, transparentRetry,
        channelScheduler, new RetrySettings(dflt, serviceConfigLookUp, retryEnabled,
            retryBufferSize, perRpcBufferLimit));
  }

  /** The filter stacks of the channel's calls; {@code secure}: whether its connections are. */
  CallStacks callStacks(boolean secure) {
    return new CallStacks(filters, maxInbound, maxOutbound, codecs, callCredentials, secure);
  }
}
