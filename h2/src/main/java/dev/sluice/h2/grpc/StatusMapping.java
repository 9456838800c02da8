package dev.sluice.h2.grpc;

import dev.sluice.Status;

/**
 * The tables of gRPC's PROTOCOL-HTTP2.md between HTTP/2 error codes, HTTP statuses and gRPC
 * statuses.
 */
public final class StatusMapping {

  private StatusMapping() {}

  // RFC 9113 §7 error code values.
  public static final int NO_ERROR = 0x0;
  public static final int PROTOCOL_ERROR = 0x1;
  public static final int INTERNAL_ERROR = 0x2;
  public static final int FLOW_CONTROL_ERROR = 0x3;
  public static final int SETTINGS_TIMEOUT = 0x4;
  public static final int STREAM_CLOSED = 0x5;
  public static final int FRAME_SIZE_ERROR = 0x6;
  public static final int REFUSED_STREAM = 0x7;
  public static final int CANCEL = 0x8;
  public static final int COMPRESSION_ERROR = 0x9;
  public static final int CONNECT_ERROR = 0xa;
  public static final int ENHANCE_YOUR_CALM = 0xb;
  public static final int INADEQUATE_SECURITY = 0xc;
  public static final int HTTP_1_1_REQUIRED = 0xd;

  /**
   * The status for a RST_STREAM or GOAWAY code received from the peer.
   *
   * @param deadlinePassed true when the call's deadline has passed, so that a CANCEL reads as
   *     DEADLINE_EXCEEDED
   */
  public static Status fromHttp2Code(long code, boolean deadlinePassed) {
    String name = http2CodeName(code);
    Status s;
    if (code == NO_ERROR || code == PROTOCOL_ERROR || code == INTERNAL_ERROR
        || code == FLOW_CONTROL_ERROR || code == SETTINGS_TIMEOUT || code == FRAME_SIZE_ERROR
        || code == COMPRESSION_ERROR || code == CONNECT_ERROR) {
      s = Status.INTERNAL;
    } else if (code == REFUSED_STREAM) {
      // Refused streams were never processed: safe to retry.
      s = Status.UNAVAILABLE;
    } else if (code == CANCEL) {
      s = deadlinePassed ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
    } else if (code == ENHANCE_YOUR_CALM) {
      s = Status.RESOURCE_EXHAUSTED;
    } else if (code == INADEQUATE_SECURITY) {
      s = Status.PERMISSION_DENIED;
    } else {
      s = Status.UNKNOWN;
    }
    return s.withDescription("Stream reset by the peer with HTTP/2 error " + name);
  }

  /** The RST_STREAM code to send when a stream ends with {@code status} before its trailers. */
  public static int toHttp2Code(Status status) {
    return switch (status.code()) {
      case RESOURCE_EXHAUSTED -> ENHANCE_YOUR_CALM;
      case PERMISSION_DENIED -> INADEQUATE_SECURITY;
      case UNAVAILABLE -> REFUSED_STREAM;
      case INTERNAL -> INTERNAL_ERROR;
      default -> CANCEL;
    };
  }

  /**
   * The status for a response whose HTTP status is not 200, or that has no grpc-status: the peer
   * is not (acting as) a gRPC server.
   */
  public static Status fromHttpStatus(int httpStatus) {
    Status s = switch (httpStatus) {
      case 400 -> Status.INTERNAL;
      case 401 -> Status.UNAUTHENTICATED;
      case 403 -> Status.PERMISSION_DENIED;
      case 404 -> Status.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> Status.UNAVAILABLE;
      default -> Status.UNKNOWN;
    };
    return s.withDescription("HTTP status code " + httpStatus
        + " from a peer that did not answer as a gRPC server");
  }

  /** The RFC 9113 §7 name of an error code, or its hex value. */
  public static String http2CodeName(long code) {
    String[] names = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
        "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL",
        "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY",
        "HTTP_1_1_REQUIRED"};
    return code >= 0 && code < names.length ? names[(int) code] : "0x" + Long.toHexString(code);
  }
}
