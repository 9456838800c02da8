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
 * @param keepAliveTime client: ping after this long without reads (null: off)
 * @param keepAliveTimeout how long a keepalive ping may wait for its ack
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
    Duration gracefulShutdownPingTimeout) {

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
      Duration.ofSeconds(1));

  public H2Config withMaxConcurrentStreams(int n) {
    return new H2Config(n, initialStreamWindow, connectionWindow, maxFrameSize,
        maxHeaderListSize, maxMessageSize, settingsAckTimeout, keepAliveTime, keepAliveTimeout,
        permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames, resetBurst, resetsPerSecond,
        gracefulShutdownPingTimeout);
  }

  public H2Config withInitialStreamWindow(int n) {
    return new H2Config(maxConcurrentStreams, n, connectionWindow, maxFrameSize,
        maxHeaderListSize, maxMessageSize, settingsAckTimeout, keepAliveTime, keepAliveTimeout,
        permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames, resetBurst, resetsPerSecond,
        gracefulShutdownPingTimeout);
  }

  public H2Config withMaxHeaderListSize(int n) {
    return new H2Config(maxConcurrentStreams, initialStreamWindow, connectionWindow,
        maxFrameSize, n, maxMessageSize, settingsAckTimeout, keepAliveTime, keepAliveTimeout,
        permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames, resetBurst, resetsPerSecond,
        gracefulShutdownPingTimeout);
  }

  public H2Config withMaxMessageSize(int n) {
    return new H2Config(maxConcurrentStreams, initialStreamWindow, connectionWindow,
        maxFrameSize, maxHeaderListSize, n, settingsAckTimeout, keepAliveTime, keepAliveTimeout,
        permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames, resetBurst, resetsPerSecond,
        gracefulShutdownPingTimeout);
  }

  public H2Config withKeepAlive(Duration time, Duration timeout) {
    return new H2Config(maxConcurrentStreams, initialStreamWindow, connectionWindow,
        maxFrameSize, maxHeaderListSize, maxMessageSize, settingsAckTimeout, time, timeout,
        permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames, resetBurst, resetsPerSecond,
        gracefulShutdownPingTimeout);
  }

  public H2Config withPermitKeepAliveTime(Duration time) {
    return new H2Config(maxConcurrentStreams, initialStreamWindow, connectionWindow,
        maxFrameSize, maxHeaderListSize, maxMessageSize, settingsAckTimeout, keepAliveTime,
        keepAliveTimeout, time, maxPingStrikes, maxQueuedControlFrames, resetBurst,
        resetsPerSecond, gracefulShutdownPingTimeout);
  }

  public H2Config withMaxQueuedControlFrames(int n) {
    return new H2Config(maxConcurrentStreams, initialStreamWindow, connectionWindow,
        maxFrameSize, maxHeaderListSize, maxMessageSize, settingsAckTimeout, keepAliveTime,
        keepAliveTimeout, permitKeepAliveTime, maxPingStrikes, n, resetBurst, resetsPerSecond,
        gracefulShutdownPingTimeout);
  }

  public H2Config withResetRate(int burst, int perSecond) {
    return new H2Config(maxConcurrentStreams, initialStreamWindow, connectionWindow,
        maxFrameSize, maxHeaderListSize, maxMessageSize, settingsAckTimeout, keepAliveTime,
        keepAliveTimeout, permitKeepAliveTime, maxPingStrikes, maxQueuedControlFrames, burst,
        perSecond, gracefulShutdownPingTimeout);
  }
}
