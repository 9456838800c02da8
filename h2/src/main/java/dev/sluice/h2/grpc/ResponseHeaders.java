package dev.sluice.h2.grpc;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.hpack.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's response HEADERS and trailers, and how the client reads them
 * (gRPC's PROTOCOL-HTTP2.md: Response-Headers, Trailers, Trailers-Only).
 */
public final class ResponseHeaders {

  // Fields every response carries with the same value, built once rather than per call.
  private static final HeaderField STATUS_200 = HeaderField.of(":status", "200");
  private static final HeaderField GRPC_CONTENT_TYPE =
      HeaderField.of("content-type", RequestHeaders.CONTENT_TYPE);
  private static final HeaderField GRPC_STATUS_OK = HeaderField.of("grpc-status", "0");

  private ResponseHeaders() {}

  /** Response headers: {@code :status 200}, the content type, then the app's metadata. */
  public static List<HeaderField> encodeHeaders(Metadata md) {
    List<HeaderField> out = new ArrayList<>(2 + md.size());
    encodeHeaders(md, out);
    return out;
  }

  /** As {@link #encodeHeaders(Metadata)}, appending to {@code out}. */
  public static void encodeHeaders(Metadata md, List<HeaderField> out) {
    out.add(STATUS_200);
    out.add(GRPC_CONTENT_TYPE);
    MetadataCodec.append(md, out);
  }

  /**
   * Trailers: the status, then the app's trailing metadata. With {@code trailersOnly}, the
   * response-header fields come first, so one HEADERS frame carries the whole response.
   */
  public static List<HeaderField> encodeTrailers(Status status, Metadata md, boolean trailersOnly) {
    List<HeaderField> out = new ArrayList<>(5 + md.size());
    encodeTrailers(status, md, trailersOnly, out);
    return out;
  }

  /** As {@link #encodeTrailers(Status, Metadata, boolean)}, appending to {@code out}. */
  public static void encodeTrailers(Status status, Metadata md, boolean trailersOnly,
      List<HeaderField> out) {
    if (trailersOnly) {
      out.add(STATUS_200);
      out.add(GRPC_CONTENT_TYPE);
    }
    out.add(status.isOk() ? GRPC_STATUS_OK
        : HeaderField.of("grpc-status", Integer.toString(status.code().value())));
    if (status.description() != null) {
      out.add(HeaderField.of("grpc-message", PercentEncoding.encode(status.description())));
    }
    byte[] details = status.details();
    if (details != null) {
      out.add(HeaderField.of("grpc-status-details-bin", BinaryHeaderCodec.encode(details)));
    }
    MetadataCodec.append(md, out);
  }

  /** What the client makes of the first HEADERS of a response. */
  public record Head(int httpStatus, String contentType, Metadata metadata, String problem) {
    /** True when this is a real gRPC response head. */
    public boolean isGrpc() {
      return problem == null;
    }
  }

  /** Reads response headers (not trailers-only; see {@link #parseTrailers}). */
  public static Head parseHeaders(List<HeaderField> fields) {
    int httpStatus = -1;
    String contentType = null;
    Metadata md = new Metadata();
    for (int i = 0, n = fields.size(); i < n; i++) {
      HeaderField f = fields.get(i);
      switch (f.name()) {
        case ":status" -> httpStatus = parseHttpStatus(f.value());
        case "content-type" -> contentType = f.value();
        default -> {
          if (!f.name().startsWith(":")) {
            MetadataCodec.addReceived(md, f.name(), f.value());
          }
        }
      }
    }
    String problem = null;
    if (httpStatus != 200) {
      problem = httpStatus < 0 ? "response without a valid :status" : "HTTP status " + httpStatus;
    } else if (contentType == null || !RequestHeaders.isGrpcContentType(contentType)) {
      problem = "response content-type " + (contentType == null ? "missing" : contentType)
          + " is not gRPC";
    }
    return new Head(httpStatus, contentType, md, problem);
  }

  /** The status and trailing metadata that trailers (or a trailers-only response) carry. */
  public record Trailers(Status status, Metadata metadata) {}

  /**
   * Reads trailers. For a trailers-only response, {@code :status} is among the fields: without a
   * grpc-status, a non-200 HTTP status decides the status.
   */
  public static Trailers parseTrailers(List<HeaderField> fields) {
    Integer grpcStatus = null;
    String message = null;
    byte[] details = null;
    int httpStatus = -1;
    Metadata md = new Metadata();
    for (int i = 0, n = fields.size(); i < n; i++) {
      HeaderField f = fields.get(i);
      switch (f.name()) {
        case "grpc-status" -> grpcStatus = parseGrpcStatus(f.value());
        case "grpc-message" -> message = PercentEncoding.decode(f.value());
        case "grpc-status-details-bin" -> {
          try {
            details = BinaryHeaderCodec.decode(f.value());
          } catch (IllegalArgumentException e) {
            details = null; // unreadable details are dropped, the status still stands
          }
        }
        case ":status" -> httpStatus = parseHttpStatus(f.value());
        case "content-type" -> {
        }
        default -> {
          if (!f.name().startsWith(":")) {
            MetadataCodec.addReceived(md, f.name(), f.value());
          }
        }
      }
    }
    Status status;
    if (grpcStatus != null) {
      status = Status.fromCodeValue(grpcStatus);
      if (message != null) {
        status = status.withDescription(message);
      }
      if (details != null) {
        status = status.withDetails(details);
      }
    } else if (httpStatus > 0 && httpStatus != 200) {
      status = StatusMapping.fromHttpStatus(httpStatus);
    } else {
      status = Status.UNKNOWN.withDescription("The server's trailers carry no grpc-status");
    }
    return new Trailers(status, md);
  }

  private static int parseHttpStatus(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Integer parseGrpcStatus(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return Status.Code.UNKNOWN.value();
    }
  }
}
