package dev.sluice.h2.frame;

import java.util.Objects;

/**
 * An HTTP/2 protocol error with its wire code and its scope (RFC 9113 §5.4).
 *
 * <p>A <em>connection error</em> ends the whole connection: the connection layer sends GOAWAY
 * with {@link #code()} and closes. A <em>stream error</em> ends one stream: the connection layer
 * sends RST_STREAM on {@link #streamId()} and carries on. This is the single error currency of
 * the HTTP/2 layers; turning it into frames happens in one place, above the frame layer.
 *
 * <p>It signals that the <em>peer</em> broke the protocol. Local misuse (for example asking the
 * {@link FrameWriter} to write an invalid frame) is reported with {@link IllegalArgumentException}
 * instead, so the two are never confused.
 */
public final class Http2Exception extends Exception {
  private static final long serialVersionUID = 1L;

  /** Stream id used for connection-scoped errors. */
  public static final int CONNECTION_STREAM_ID = 0;

  private final Http2ErrorCode code;
  private final int streamId;

  private Http2Exception(Http2ErrorCode code, int streamId, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.streamId = streamId;
  }

  /**
   * A connection error (RFC 9113 §5.4.1).
   *
   * @param format a {@link String#format} pattern describing what the peer did
   */
  public static Http2Exception connectionError(Http2ErrorCode code, String format, Object... args) {
    return new Http2Exception(code, CONNECTION_STREAM_ID, String.format(format, args));
  }

  /**
   * A stream error (RFC 9113 §5.4.2) on a non-zero stream id.
   *
   * @param format a {@link String#format} pattern describing what the peer did
   */
  public static Http2Exception streamError(
      int streamId, Http2ErrorCode code, String format, Object... args) {
    if (streamId <= 0) {
      throw new IllegalArgumentException("stream errors need a stream id > 0: " + streamId);
    }
    return new Http2Exception(code, streamId, String.format(format, args));
  }

  /** True for a connection error, false for a stream error. */
  public boolean isConnectionError() {
    return streamId == CONNECTION_STREAM_ID;
  }

  /** The stream the error applies to, or 0 for a connection error. */
  public int streamId() {
    return streamId;
  }

  /** The code to put in GOAWAY or RST_STREAM. */
  public Http2ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    String scope = isConnectionError() ? "connection" : "stream " + streamId;
    return "Http2Exception(" + scope + ", " + code + "): " + getMessage();
  }
}
