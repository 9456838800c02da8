package dev.sluice.h2;

import java.time.Duration;

/**
 * Settings and limits of one HTTP/2 connection. The defaults follow chttp2 and grpc-java, and
 * the hostile-peer limits follow what mature HTTP/2 stacks ship.
 *
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS we advertise, enforced from the
 *     first stream, before the peer has acknowledged our SETTINGS
 * @param initialStreamWindow SETTINGS_INITIAL_WINDOW_SIZE we advertise
 * @param connectionWindow the connection receive window we grow to at start
 * @param maxFrameSize SETTINGS_MAX_FRAME_SIZE we advertise
 * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce
 * @param maxMessageSize the largest gRPC message accepted; larger ones end the call with
 *     RESOURCE_EXHAUSTED before their bytes are buffered
 * @param settingsAckTimeout how long the peer has to acknowledge our SETTINGS
 * @param keepAliveTime ping after this long without reading anything from the peer (null: off);
 *     on a server these are the A9 server keepalive pings, sent whether or not calls are active
 * @param keepAliveTimeout how long a keepalive ping may wait for its ack (or any other byte)
 *     before the connection is closed UNAVAILABLE
 * @param permitKeepAliveTime server: pings closer together than this count as strikes
 * @param maxPingStrikes server: strikes allowed before GOAWAY ENHANCE_YOUR_CALM too_many_pings
 * @param maxQueuedControlFrames control-frame replies (PING/SETTINGS ACKs, RST_STREAM) allowed to
 *     wait for a peer that does not read before GOAWAY ENHANCE_YOUR_CALM
 * @param resetBurst server: resets the peer causes allowed at once, those it sends (rapid reset)
 *     and those its frames make us send (MadeYouReset) counted together
 * @param resetsPerSecond server: sustained rate of those resets allowed
 * @param gracefulShutdownPingTimeout server: how long the first GOAWAY's ping may take before the
 *     second GOAWAY is sent anyway
 * @param keepAliveWithoutCalls client: keepalive pings also while no call is open
 * @param permitKeepAliveWithoutCalls server: accept keepalive pings while no call is open;
 *     otherwise a ping sooner than two hours after the last allowed one is a strike then
 * @param maxConnectionIdle server: a connection without calls for this long is closed with the
 *     two-step GOAWAY, debug {@code max_idle} (null: never)
 * @param maxConnectionAge server: a connection is closed gracefully, debug {@code max_age},
 *     after this long ±10 % drawn once per connection (null: never)
 * @param maxConnectionAgeGrace server: how long calls may go on after the final GOAWAY of a
 *     max-age close before the connection is closed anyway (null: as long as they take)
 */
public record H2Config(
    int maxConcurrentStreams,
    int initialStreamWindow,
    int connectionWindow,
    int maxFrameSize,
    int maxHeaderListSize,
    int maxMessageSize,
    Duration settingsAckTimeout,
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    Duration permitKeepAliveTime,
    int maxPingStrikes,
    int maxQueuedControlFrames,
    int resetBurst,
    int resetsPerSecond,
    Duration gracefulShutdownPingTimeout,
    boolean keepAliveWithoutCalls,
    boolean permitKeepAliveWithoutCalls,
    Duration maxConnectionIdle,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace) {

  /** The defaults. */
  public static final H2Config DEFAULT = new H2Config(
      100,
      1 << 20,
      1 << 24,
      16_384,
      8_192,
      4 << 20,
      Duration.ofSeconds(10),
      null,
      Duration.ofSeconds(20),
      Duration.ofMinutes(5),
      2,
      10_000,
      1_000,
      33,
      Duration.ofSeconds(1),
      false,
      false,
      null,
      null,
      null);

  /**
   * The settings without the connection-management options, which take their defaults.
   *
   * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS we advertise, enforced from the
   *     first stream, before the peer has acknowledged our SETTINGS
   * @param initialStreamWindow SETTINGS_INITIAL_WINDOW_SIZE we advertise
   * @param connectionWindow the connection receive window we grow to at start
   * @param maxFrameSize SETTINGS_MAX_FRAME_SIZE we advertise
   * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce
   * @param maxMessageSize the largest gRPC message accepted; larger ones end the call with
   *     RESOURCE_EXHAUSTED before their bytes are buffered
   * @param settingsAckTimeout how long the peer has to acknowledge our SETTINGS
   * @param keepAliveTime ping after this long without reading anything from the peer (null: off);
   *     on a server these are the A9 server keepalive pings, sent whether or not calls are active
   * @param keepAliveTimeout how long a keepalive ping may wait for its ack (or any other byte)
   *     before the connection is closed UNAVAILABLE
   * @param permitKeepAliveTime server: pings closer together than this count as strikes
   * @param maxPingStrikes server: strikes allowed before GOAWAY ENHANCE_YOUR_CALM too_many_pings
   * @param maxQueuedControlFrames control-frame replies (PING/SETTINGS ACKs, RST_STREAM) allowed to
   *     wait for a peer that does not read before GOAWAY ENHANCE_YOUR_CALM
   * @param resetBurst server: resets the peer causes allowed at once, those it sends (rapid reset)
   *     and those its frames make us send (MadeYouReset) counted together
   * @param resetsPerSecond server: sustained rate of those resets allowed
   * @param gracefulShutdownPingTimeout server: how long the first GOAWAY's ping may take before the
   *     second GOAWAY is sent anyway
   */
  public H2Config(int maxConcurrentStreams, int initialStreamWindow, int connectionWindow,
      int maxFrameSize, int maxHeaderListSize, int maxMessageSize, Duration settingsAckTimeout,
      Duration keepAliveTime, Duration keepAliveTimeout, Duration permitKeepAliveTime,
      int maxPingStrikes, int maxQueuedControlFrames, int resetBurst, int resetsPerSecond,
      Duration gracefulShutdownPingTimeout) {
    this(maxConcurrentStreams, initialStreamWindow, connectionWindow, maxFrameSize,
        maxHeaderListSize, maxMessageSize, settingsAckTimeout, keepAliveTime, keepAliveTimeout,
        permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames, resetBurst, resetsPerSecond,
        gracefulShutdownPingTimeout, false, false, null, null, null);
  }

  /**
   * Checks the connection-management durations, which must be positive when set.
   *
   * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS we advertise, enforced from the
   *     first stream, before the peer has acknowledged our SETTINGS
   * @param initialStreamWindow SETTINGS_INITIAL_WINDOW_SIZE we advertise
   * @param connectionWindow the connection receive window we grow to at start
   * @param maxFrameSize SETTINGS_MAX_FRAME_SIZE we advertise
   * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce
   * @param maxMessageSize the largest gRPC message accepted; larger ones end the call with
   *     RESOURCE_EXHAUSTED before their bytes are buffered
   * @param settingsAckTimeout how long the peer has to acknowledge our SETTINGS
   * @param keepAliveTime ping after this long without reading anything from the peer (null: off);
   *     on a server these are the A9 server keepalive pings, sent whether or not calls are active
   * @param keepAliveTimeout how long a keepalive ping may wait for its ack (or any other byte)
   *     before the connection is closed UNAVAILABLE
   * @param permitKeepAliveTime server: pings closer together than this count as strikes
   * @param maxPingStrikes server: strikes allowed before GOAWAY ENHANCE_YOUR_CALM too_many_pings
   * @param maxQueuedControlFrames control-frame replies (PING/SETTINGS ACKs, RST_STREAM) allowed to
   *     wait for a peer that does not read before GOAWAY ENHANCE_YOUR_CALM
   * @param resetBurst server: resets the peer causes allowed at once, those it sends (rapid reset)
   *     and those its frames make us send (MadeYouReset) counted together
   * @param resetsPerSecond server: sustained rate of those resets allowed
   * @param gracefulShutdownPingTimeout server: how long the first GOAWAY's ping may take before the
   *     second GOAWAY is sent anyway
   * @param keepAliveWithoutCalls client: keepalive pings also while no call is open
   * @param permitKeepAliveWithoutCalls server: accept keepalive pings while no call is open;
   *     otherwise a ping sooner than two hours after the last allowed one is a strike then
   * @param maxConnectionIdle server: a connection without calls for this long is closed with the
   *     two-step GOAWAY, debug {@code max_idle} (null: never)
   * @param maxConnectionAge server: a connection is closed gracefully, debug {@code max_age}, after
   *     this long ±10 % drawn once per connection (null: never)
   * @param maxConnectionAgeGrace server: how long calls may go on after the final GOAWAY of a
   *     max-age close before the connection is closed anyway (null: as long as they take)
   */
  public H2Config {
    requirePositive(keepAliveTime, "keepAliveTime");
    requirePositive(maxConnectionIdle, "maxConnectionIdle");
    requirePositive(maxConnectionAge, "maxConnectionAge");
    if (maxConnectionAgeGrace != null && maxConnectionAgeGrace.isNegative()) {
      throw new IllegalArgumentException(
          "maxConnectionAgeGrace must not be negative: " + maxConnectionAgeGrace);
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d != null && (d.isNegative() || d.isZero())) {
      throw new IllegalArgumentException(name + " must be positive (or null: off): " + d);
    }
  }

  /**
   * {@return a copy with {@code maxConcurrentStreams} set to {@code n}}
   *
   * @param n SETTINGS_MAX_CONCURRENT_STREAMS to advertise and enforce
   */
  public H2Config withMaxConcurrentStreams(int n) {
    return copy().maxConcurrentStreams(n).build();
  }

  /**
   * {@return a copy with {@code initialStreamWindow} set to {@code n}}
   *
   * @param n SETTINGS_INITIAL_WINDOW_SIZE to advertise, in bytes
   */
  public H2Config withInitialStreamWindow(int n) {
    return copy().initialStreamWindow(n).build();
  }

  /**
   * {@return a copy with {@code maxHeaderListSize} set to {@code n}}
   *
   * @param n SETTINGS_MAX_HEADER_LIST_SIZE to advertise and enforce, in bytes
   */
  public H2Config withMaxHeaderListSize(int n) {
    return copy().maxHeaderListSize(n).build();
  }

  /**
   * {@return a copy with {@code maxMessageSize} set to {@code n}}
   *
   * @param n the largest gRPC message to accept, in bytes
   */
  public H2Config withMaxMessageSize(int n) {
    return copy().maxMessageSize(n).build();
  }

  /**
   * {@return a copy with these keepalive settings}
   *
   * @param time ping after this long without reading anything (null: off)
   * @param timeout how long a ping may wait for its ack before the connection is closed
   */
  public H2Config withKeepAlive(Duration time, Duration timeout) {
    return copy().keepAlive(time, timeout).build();
  }

  /**
   * {@return a copy with {@code permitKeepAliveTime} set to {@code time}}
   *
   * @param time server: pings closer together than this count as strikes
   */
  public H2Config withPermitKeepAliveTime(Duration time) {
    return copy().permitKeepAliveTime(time).build();
  }

  /**
   * {@return a copy with {@code maxQueuedControlFrames} set to {@code n}}
   *
   * @param n control-frame replies allowed to wait for a peer that does not read
   */
  public H2Config withMaxQueuedControlFrames(int n) {
    return copy().maxQueuedControlFrames(n).build();
  }

  /**
   * {@return a copy with this reset rate limit}
   *
   * @param burst resets the peer causes allowed at once
   * @param perSecond the sustained rate of those resets allowed
   */
  public H2Config withResetRate(int burst, int perSecond) {
    return copy().resetRate(burst, perSecond).build();
  }

  /**
   * Client: keepalive pings also while no call is open (gRFC A8 KEEPALIVE_WITHOUT_CALLS).
   *
   * @param enabled whether to ping while no call is open
   * @return a copy with {@code keepAliveWithoutCalls} set
   */
  public H2Config withKeepAliveWithoutCalls(boolean enabled) {
    return copy().keepAliveWithoutCalls(enabled).build();
  }

  /**
   * Server: what client pings it tolerates (gRFC A8 enforcement).
   *
   * @param time pings closer together than this count as strikes
   * @param withoutCalls whether pings while no call is open are accepted
   * @return a copy with these enforcement settings
   */
  public H2Config withPermitKeepAlive(Duration time, boolean withoutCalls) {
    return copy().permitKeepAliveTime(time).permitKeepAliveWithoutCalls(withoutCalls).build();
  }

  /**
   * Server: idle and age limits of a connection (gRFC A9); null turns one off.
   *
   * @param maxIdle close a connection without calls for this long
   * @param maxAge close a connection gracefully once it is this old (±10 %)
   * @param maxAgeGrace how long calls may go on after a max-age close
   * @return a copy with these limits
   */
  public H2Config withConnectionLimits(Duration maxIdle, Duration maxAge, Duration maxAgeGrace) {
    return copy().connectionLimits(maxIdle, maxAge, maxAgeGrace).build();
  }

  /**
   * A builder holding this config's values, to change a few of them.
   *
   * @return a builder that starts from this config's values
   */
  public Builder copy() {
    return new Builder(this);
  }

  /** Changes some values of an {@link H2Config}; see the record's components. */
  public static final class Builder {
    private int maxConcurrentStreams;
    private int initialStreamWindow;
    private int connectionWindow;
    private int maxFrameSize;
    private int maxHeaderListSize;
    private int maxMessageSize;
    private Duration settingsAckTimeout;
    private Duration keepAliveTime;
    private Duration keepAliveTimeout;
    private Duration permitKeepAliveTime;
    private int maxPingStrikes;
    private int maxQueuedControlFrames;
    private int resetBurst;
    private int resetsPerSecond;
    private Duration gracefulShutdownPingTimeout;
    private boolean keepAliveWithoutCalls;
    private boolean permitKeepAliveWithoutCalls;
    private Duration maxConnectionIdle;
    private Duration maxConnectionAge;
    private Duration maxConnectionAgeGrace;

    private Builder(H2Config c) {
      maxConcurrentStreams = c.maxConcurrentStreams;
      initialStreamWindow = c.initialStreamWindow;
      connectionWindow = c.connectionWindow;
      maxFrameSize = c.maxFrameSize;
      maxHeaderListSize = c.maxHeaderListSize;
      maxMessageSize = c.maxMessageSize;
      settingsAckTimeout = c.settingsAckTimeout;
      keepAliveTime = c.keepAliveTime;
      keepAliveTimeout = c.keepAliveTimeout;
      permitKeepAliveTime = c.permitKeepAliveTime;
      maxPingStrikes = c.maxPingStrikes;
      maxQueuedControlFrames = c.maxQueuedControlFrames;
      resetBurst = c.resetBurst;
      resetsPerSecond = c.resetsPerSecond;
      gracefulShutdownPingTimeout = c.gracefulShutdownPingTimeout;
      keepAliveWithoutCalls = c.keepAliveWithoutCalls;
      permitKeepAliveWithoutCalls = c.permitKeepAliveWithoutCalls;
      maxConnectionIdle = c.maxConnectionIdle;
      maxConnectionAge = c.maxConnectionAge;
      maxConnectionAgeGrace = c.maxConnectionAgeGrace;
    }

    /**
     * Sets SETTINGS_MAX_CONCURRENT_STREAMS to advertise and enforce.
     *
     * @param n the most streams the peer may open at once
     * @return this builder
     */
    public Builder maxConcurrentStreams(int n) {
      maxConcurrentStreams = n;
      return this;
    }

    /**
     * Sets SETTINGS_INITIAL_WINDOW_SIZE to advertise.
     *
     * @param n the stream receive window, in bytes
     * @return this builder
     */
    public Builder initialStreamWindow(int n) {
      initialStreamWindow = n;
      return this;
    }

    /**
     * Sets SETTINGS_MAX_HEADER_LIST_SIZE to advertise and enforce.
     *
     * @param n the largest header list, in bytes as RFC 9113 §6.5.2 counts them
     * @return this builder
     */
    public Builder maxHeaderListSize(int n) {
      maxHeaderListSize = n;
      return this;
    }

    /**
     * Sets the largest gRPC message accepted.
     *
     * @param n the size in bytes; larger messages end the call with RESOURCE_EXHAUSTED
     * @return this builder
     */
    public Builder maxMessageSize(int n) {
      maxMessageSize = n;
      return this;
    }

    /**
     * Sets the keepalive ping interval and how long a ping may wait for its ack.
     *
     * @param time ping after this long without reading anything (null: off)
     * @param timeout how long a ping may wait before the connection is closed UNAVAILABLE
     * @return this builder
     */
    public Builder keepAlive(Duration time, Duration timeout) {
      keepAliveTime = time;
      keepAliveTimeout = timeout;
      return this;
    }

    /**
     * Client: whether keepalive pings go out also while no call is open.
     *
     * @param enabled true to ping idle connections too
     * @return this builder
     */
    public Builder keepAliveWithoutCalls(boolean enabled) {
      keepAliveWithoutCalls = enabled;
      return this;
    }

    /**
     * Server: how close together client pings may come before they count as strikes.
     *
     * @param time the shortest interval allowed
     * @return this builder
     */
    public Builder permitKeepAliveTime(Duration time) {
      permitKeepAliveTime = time;
      return this;
    }

    /**
     * Server: whether client pings are accepted while no call is open.
     *
     * @param permitted true to accept them; otherwise such pings sooner than two hours apart are
     *     strikes
     * @return this builder
     */
    public Builder permitKeepAliveWithoutCalls(boolean permitted) {
      permitKeepAliveWithoutCalls = permitted;
      return this;
    }

    /**
     * Sets how many control-frame replies may wait for a peer that does not read.
     *
     * @param n the limit; past it the connection ends with GOAWAY ENHANCE_YOUR_CALM
     * @return this builder
     */
    public Builder maxQueuedControlFrames(int n) {
      maxQueuedControlFrames = n;
      return this;
    }

    /**
     * Server: sets the rate limit on stream resets the peer causes (rapid reset and MadeYouReset).
     *
     * @param burst resets allowed at once
     * @param perSecond the sustained rate allowed
     * @return this builder
     */
    public Builder resetRate(int burst, int perSecond) {
      resetBurst = burst;
      resetsPerSecond = perSecond;
      return this;
    }

    /**
     * Server: how long the first GOAWAY's ping may take before the second GOAWAY goes anyway.
     *
     * @param timeout the longest wait for the ping's ack
     * @return this builder
     */
    public Builder gracefulShutdownPingTimeout(Duration timeout) {
      gracefulShutdownPingTimeout = timeout;
      return this;
    }

    /**
     * Server: the idle and age limits of a connection (gRFC A9); null turns one off.
     *
     * @param maxIdle close a connection without calls for this long
     * @param maxAge close a connection gracefully once it is this old (±10 %)
     * @param maxAgeGrace how long calls may go on after a max-age close
     * @return this builder
     */
    public Builder connectionLimits(Duration maxIdle, Duration maxAge, Duration maxAgeGrace) {
      maxConnectionIdle = maxIdle;
      maxConnectionAge = maxAge;
      maxConnectionAgeGrace = maxAgeGrace;
      return this;
    }

    /**
     * Makes the config.
     *
     * @return the config with the values set
     * @throws IllegalArgumentException if a connection-management duration is zero or negative
     */
    public H2Config build() {
      return new H2Config(maxConcurrentStreams, initialStreamWindow, connectionWindow,
          maxFrameSize, maxHeaderListSize, maxMessageSize, settingsAckTimeout, keepAliveTime,
          keepAliveTimeout, permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames,
          resetBurst, resetsPerSecond, gracefulShutdownPingTimeout, keepAliveWithoutCalls,
          permitKeepAliveWithoutCalls, maxConnectionIdle, maxConnectionAge,
          maxConnectionAgeGrace);
    }
  }
}
