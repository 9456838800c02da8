package dev.sluice.h2.frame;

/**
 * The error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY frames.
 *
 * <p>Wire values are unsigned 32-bit integers. RFC 9113 §7 says unknown or unsupported codes
 * "MUST NOT trigger any special behavior" and "MAY be treated by an implementation as being
 * equivalent to INTERNAL_ERROR"; {@link #fromWire(long)} does exactly that, so the layers above
 * never see a code outside this enum.
 */
public enum Http2ErrorCode {
  /** Graceful shutdown, or no error. */
  NO_ERROR(0x0),
  /** The peer broke the protocol in a way no more specific code describes. */
  PROTOCOL_ERROR(0x1),
  /** An unexpected internal failure. Also stands in for unknown wire codes. */
  INTERNAL_ERROR(0x2),
  /** The peer violated flow control. */
  FLOW_CONTROL_ERROR(0x3),
  /** A SETTINGS frame was not acknowledged in time. */
  SETTINGS_TIMEOUT(0x4),
  /** A frame arrived on a stream that was already half-closed. */
  STREAM_CLOSED(0x5),
  /** A frame had an invalid size. */
  FRAME_SIZE_ERROR(0x6),
  /** The stream was refused before any application processing. Safe to retry. */
  REFUSED_STREAM(0x7),
  /** The stream is no longer needed. */
  CANCEL(0x8),
  /** The HPACK compression context could not be maintained. */
  COMPRESSION_ERROR(0x9),
  /** The connection established for a CONNECT request was reset. */
  CONNECT_ERROR(0xa),
  /** The peer is generating excessive load. */
  ENHANCE_YOUR_CALM(0xb),
  /** The transport does not meet minimum security requirements. */
  INADEQUATE_SECURITY(0xc),
  /** HTTP/1.1 is required instead. */
  HTTP_1_1_REQUIRED(0xd);

  private static final Http2ErrorCode[] BY_VALUE = new Http2ErrorCode[0xe];

  static {
    for (Http2ErrorCode code : values()) {
      BY_VALUE[(int) code.wireValue] = code;
    }
  }

  private final long wireValue;

  Http2ErrorCode(long wireValue) {
    this.wireValue = wireValue;
  }

  /** The unsigned 32-bit value sent on the wire. */
  public long wireValue() {
    return wireValue;
  }

  /**
   * Looks up a code by its wire value. Unknown values map to {@link #INTERNAL_ERROR}, as
   * RFC 9113 §7 allows; callers that need the raw value for logging must keep it themselves.
   */
  public static Http2ErrorCode fromWire(long wireValue) {
    if (wireValue >= 0 && wireValue < BY_VALUE.length) {
      return BY_VALUE[(int) wireValue];
    }
    return INTERNAL_ERROR;
  }
}
