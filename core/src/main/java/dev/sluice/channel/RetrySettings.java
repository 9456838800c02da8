package dev.sluice.channel;

import dev.sluice.config.ServiceConfig;

/**
 * The channel's service-config and retry settings; {@code Channel.Builder} fills them in.
 *
 * @param defaultServiceConfig used when the resolver gives none (or lookup is off), or null
 * @param serviceConfigLookUp whether the resolver's service config is used
 * @param retryEnabled whether retry and hedging policies apply (transparent retry is separate)
 * @param channelBufferBytes bytes of sent messages kept for retries by all uncommitted calls
 * @param perCallBufferBytes bytes of sent messages kept for retries by one call
 */
public record RetrySettings(ServiceConfig defaultServiceConfig, boolean serviceConfigLookUp,
    boolean retryEnabled, long channelBufferBytes, long perCallBufferBytes) {

  /** gRFC A6's channel buffer: 16 MiB. */
  public static final long DEFAULT_CHANNEL_BUFFER = 16L << 20;
  /** The per-call buffer (as grpc-java): 1 MiB. */
  public static final long DEFAULT_PER_CALL_BUFFER = 1L << 20;

  /** No default config, lookup on, retries on, the default buffers. */
  public static final RetrySettings DEFAULT = new RetrySettings(null, true, true,
      DEFAULT_CHANNEL_BUFFER, DEFAULT_PER_CALL_BUFFER);

  /**
   * Checks that the buffer sizes are not negative.
   *
   * @param defaultServiceConfig used when the resolver gives none (or lookup is off), or null
   * @param serviceConfigLookUp whether the resolver's service config is used
   * @param retryEnabled whether retry and hedging policies apply (transparent retry is separate)
   * @param channelBufferBytes bytes of sent messages kept for retries by all uncommitted calls
   * @param perCallBufferBytes bytes of sent messages kept for retries by one call
   */
  public RetrySettings {
    if (channelBufferBytes < 0 || perCallBufferBytes < 0) {
      throw new IllegalArgumentException("retry buffer sizes must not be negative");
    }
  }
}
