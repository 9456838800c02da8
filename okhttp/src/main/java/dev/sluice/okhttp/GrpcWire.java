package dev.sluice.okhttp;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;

/**
 * gRPC's HTTP/2 mapping (gRPC's PROTOCOL-HTTP2.md) for OkHttp's {@link Headers}: request
 * headers from a call's head and metadata, and the response's headers and trailers back to
 * metadata and a status. OkHttp writes the pseudo-headers itself ({@code :method}, {@code
 * :scheme}, {@code :path}, and {@code :authority} from the {@code Host} header).
 */
final class GrpcWire {

  static final String CONTENT_TYPE = "application/grpc";
  static final String USER_AGENT = "sluice-java-okhttp/0.1.0";

  /** Keys the transport writes itself; never copied from the application's metadata. */
  private static final Set<String> RESERVED = Set.of("content-type", "te", "host", "connection",
      "grpc-timeout", "grpc-status", "grpc-message", "grpc-status-details-bin", "user-agent",
      "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "accept-encoding");

  private GrpcWire() {}

  /** The request's header fields, gRPC's first, then the application's. */
  static Headers requestHeaders(CallHead head, String authority, String userAgent,
      Metadata md) {
    Headers.Builder h = new Headers.Builder();
    h.add("Host", authority);
    h.add("content-type", CONTENT_TYPE);
    h.add("te", "trailers");
    h.add("user-agent", userAgent == null ? USER_AGENT : userAgent + " " + USER_AGENT);
    if (head.deadline() != null) {
      h.add("grpc-timeout", head.deadline().toGrpcTimeout());
    }
    md.forEach((key, value) -> {
      if (RESERVED.contains(key)) {
        return;
      }
      String text = value instanceof byte[] bytes
          ? Base64.getEncoder().withoutPadding().encodeToString(bytes) : (String) value;
      h.add(key, text);
    });
    return h.build();
  }

  /** The header list size of {@code headers} as RFC 7541 §4.1 counts it (32 per field). */
  static long headerListSize(Headers headers) {
    long size = 0;
    for (int i = 0; i < headers.size(); i++) {
      size += headers.name(i).length() + headers.value(i).length() + Metadata.ENTRY_OVERHEAD;
    }
    return size;
  }

  /** The application's metadata in response headers or trailers; gRPC's own keys are left out. */
  static Metadata metadata(Headers headers) {
    Metadata md = new Metadata();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i).toLowerCase(Locale.ROOT);
      if (name.startsWith(":") || name.equals("content-type") || name.equals("grpc-status")
          || name.equals("grpc-message") || name.equals("grpc-status-details-bin")) {
        continue;
      }
      try {
        if (Metadata.isBinaryKey(name)) {
          md.addBinary(name, Base64.getDecoder().decode(headers.value(i).trim()));
        } else {
          md.add(name, headers.value(i));
        }
      } catch (IllegalArgumentException e) {
        // A field that cannot be metadata (bad base64, a name gRPC refuses) is skipped.
      }
    }
    return md;
  }

  /** True when a response head says the peer answered as a gRPC server. */
  static String problemWithHead(int httpStatus, String contentType) {
    if (httpStatus != 200) {
      return "HTTP status " + httpStatus;
    }
    if (contentType == null || !isGrpcContentType(contentType)) {
      return "response content-type " + (contentType == null ? "missing" : contentType)
          + " is not gRPC";
    }
    return null;
  }

  static boolean isGrpcContentType(String contentType) {
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (!ct.startsWith(CONTENT_TYPE)) {
      return false;
    }
    return ct.length() == CONTENT_TYPE.length() || ct.charAt(CONTENT_TYPE.length()) == '+'
        || ct.charAt(CONTENT_TYPE.length()) == ';';
  }

  /**
   * The status trailers carry, or, for a response with no {@code grpc-status}, the one its HTTP
   * status maps to (a trailers-only answer from a proxy or a server that is not gRPC).
   */
  static Status status(Headers fields, int httpStatus) {
    String code = fields.get("grpc-status");
    if (code == null) {
      if (httpStatus != 200) {
        return fromHttpStatus(httpStatus);
      }
      return Status.UNKNOWN.withDescription("The server's trailers carry no grpc-status");
    }
    Status status;
    try {
      status = Status.fromCodeValue(Integer.parseInt(code.trim()));
    } catch (NumberFormatException e) {
      status = Status.UNKNOWN.withDescription("Unreadable grpc-status " + code);
    }
    String message = fields.get("grpc-message");
    if (message != null) {
      status = status.withDescription(percentDecode(message));
    }
    String details = fields.get("grpc-status-details-bin");
    if (details != null) {
      try {
        status = status.withDetails(Base64.getDecoder().decode(details.trim()));
      } catch (IllegalArgumentException e) {
        // Unreadable details are dropped; the status still stands.
      }
    }
    return status;
  }

  /** gRPC's table from HTTP statuses to codes, for answers that are not gRPC. */
  static Status fromHttpStatus(int httpStatus) {
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

  /** The status for a RST_STREAM the server sent (RFC 9113 §7 codes, gRPC's table). */
  static Status fromResetCode(String codeName) {
    Status s = switch (codeName) {
      case "REFUSED_STREAM" -> Status.UNAVAILABLE;
      case "CANCEL" -> Status.CANCELLED;
      case "ENHANCE_YOUR_CALM" -> Status.RESOURCE_EXHAUSTED;
      case "INADEQUATE_SECURITY" -> Status.PERMISSION_DENIED;
      case "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
          "SETTINGS_TIMEOUT", "FRAME_SIZE_ERROR", "COMPRESSION_ERROR", "CONNECT_ERROR" ->
          Status.INTERNAL;
      default -> Status.UNKNOWN;
    };
    return s.withDescription("Stream reset by the server with HTTP/2 error " + codeName);
  }

  /** grpc-message is percent-encoded UTF-8; a malformed escape stays as it is. */
  static String percentDecode(String wire) {
    if (wire.indexOf('%') < 0) {
      return wire;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(wire.length());
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (c == '%' && i + 2 < wire.length()) {
        int hi = Character.digit(wire.charAt(i + 1), 16);
        int lo = Character.digit(wire.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      out.write(c & 0xFF);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
