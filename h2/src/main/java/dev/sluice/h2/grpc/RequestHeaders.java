package dev.sluice.h2.grpc;

import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The request HEADERS of a gRPC call: built on the client from the call's head and metadata,
 * checked and taken apart on the server (gRPC's PROTOCOL-HTTP2.md, RFC 9113 §8.3.1).
 */
public final class RequestHeaders {

  /** The content type we send; any {@code application/grpc[+-;]...} is accepted. */
  public static final String CONTENT_TYPE = "application/grpc";
  public static final String USER_AGENT = "sluice-java/0.1.0";

  // The fields every request carries with the same value, built once rather than per call.
  private static final HeaderField METHOD_POST = HeaderField.of(":method", "POST");
  private static final HeaderField SCHEME_HTTP = HeaderField.of(":scheme", "http");
  private static final HeaderField SCHEME_HTTPS = HeaderField.of(":scheme", "https");
  private static final HeaderField GRPC_CONTENT_TYPE = HeaderField.of("content-type", CONTENT_TYPE);
  private static final HeaderField TE_TRAILERS = HeaderField.of("te", "trailers");
  private static final HeaderField SLUICE_USER_AGENT = HeaderField.of("user-agent", USER_AGENT);

  /** Paths and authorities repeat from call to call: their fields are made once each. */
  private static final FieldCache FIELDS = new FieldCache(1024);

  private RequestHeaders() {}

  /**
   * The {@code user-agent} field for a client that names itself first: {@code "prefix
   * sluice-java/<version>"} (as gRPC's user agents are, most specific first); Sluice's own for a
   * null prefix. Made once per transport and passed to {@link #encode(CallHead, String, String,
   * Metadata, List, HeaderField)}.
   */
  public static HeaderField userAgent(String prefix) {
    return prefix == null || prefix.isEmpty() ? SLUICE_USER_AGENT
        : HeaderField.of("user-agent", prefix + " " + USER_AGENT);
  }

  /** The header fields for a new call: pseudo-headers first, then gRPC's, then the app's. */
  public static List<HeaderField> encode(CallHead head, String scheme, String defaultAuthority,
      Metadata md) {
    List<HeaderField> out = new ArrayList<>(8 + md.size());
    encode(head, scheme, defaultAuthority, md, out);
    return out;
  }

  /** As {@link #encode(CallHead, String, String, Metadata)}, appending to {@code out}. */
  public static void encode(CallHead head, String scheme, String defaultAuthority, Metadata md,
      List<HeaderField> out) {
    encode(head, scheme, defaultAuthority, md, out, SLUICE_USER_AGENT);
  }

  /** As {@link #encode(CallHead, String, String, Metadata, List)}, with a {@link #userAgent}. */
  public static void encode(CallHead head, String scheme, String defaultAuthority, Metadata md,
      List<HeaderField> out, HeaderField userAgent) {
    out.add(METHOD_POST);
    out.add(scheme.equals("https") ? SCHEME_HTTPS
        : scheme.equals("http") ? SCHEME_HTTP : HeaderField.of(":scheme", scheme));
    out.add(FIELDS.get(":path", head.path()));
    String authority = head.authority() != null ? head.authority() : defaultAuthority;
    if (authority != null) {
      out.add(FIELDS.get(":authority", authority));
    }
    out.add(GRPC_CONTENT_TYPE);
    out.add(TE_TRAILERS);
    out.add(userAgent);
    Deadline d = head.deadline();
    if (d != null) {
      out.add(HeaderField.of("grpc-timeout", d.toGrpcTimeout()));
    }
    MetadataCodec.append(md, out);
  }

  /** What the server makes of a request's header list. */
  public sealed interface Parsed {}

  /** A well-formed gRPC request. */
  public record Grpc(CallHead head, Metadata metadata) implements Parsed {}

  /**
   * A well-formed HTTP request that is not gRPC: answer with {@code httpStatus} and a one-line
   * text body, not a bare reset.
   */
  public record NotGrpc(int httpStatus, String body) implements Parsed {}

  /** A malformed request (RFC 9113 §8.1.1): reset the stream with PROTOCOL_ERROR. */
  public record Malformed(String why) implements Parsed {}

  /** Checks and takes apart a request's decoded header list. */
  public static Parsed parse(List<HeaderField> fields) {
    String method = null;
    String scheme = null;
    String path = null;
    String authority = null;
    String contentType = null;
    String timeout = null;
    boolean regularSeen = false;
    Metadata md = new Metadata();
    for (HeaderField f : fields) {
      String name = f.name();
      String value = f.value();
      if (name.startsWith(":")) {
        if (regularSeen) {
          return new Malformed("pseudo-header " + name + " after a regular header (RFC 9113 §8.3)");
        }
        switch (name) {
          case ":method" -> {
            if (method != null) {
              return new Malformed("duplicate :method");
            }
            method = value;
          }
          case ":scheme" -> {
            if (scheme != null) {
              return new Malformed("duplicate :scheme");
            }
            scheme = value;
          }
          case ":path" -> {
            if (path != null) {
              return new Malformed("duplicate :path");
            }
            path = value;
          }
          case ":authority" -> {
            if (authority != null) {
              return new Malformed("duplicate :authority");
            }
            authority = value;
          }
          default -> {
            return new Malformed("unknown request pseudo-header " + name + " (RFC 9113 §8.3.1)");
          }
        }
        continue;
      }
      regularSeen = true;
      String problem = HeaderRules.checkRegular(name, value);
      if (problem != null) {
        return new Malformed(problem);
      }
      switch (name) {
        case "content-type" -> contentType = value;
        case "grpc-timeout" -> timeout = value;
        case "te", "host", "user-agent" -> {
          // Checked by HeaderRules or informational; not application metadata.
          if (name.equals("user-agent")) {
            MetadataCodec.addReceived(md, name, value);
          }
        }
        default -> MetadataCodec.addReceived(md, name, value);
      }
    }
    if (method == null || scheme == null || path == null) {
      return new Malformed("request without :method, :scheme or :path (RFC 9113 §8.3.1)");
    }
    if (path.isEmpty()) {
      return new Malformed("empty :path (RFC 9113 §8.3.1)");
    }
    if (!method.equals("POST")) {
      return new NotGrpc(405, "This port speaks gRPC over HTTP/2: use POST with content-type "
          + CONTENT_TYPE + ", not " + method + ".");
    }
    if (contentType == null || !isGrpcContentType(contentType)) {
      return new NotGrpc(415, "This port speaks gRPC over HTTP/2: content-type must be "
          + CONTENT_TYPE + " (got " + (contentType == null ? "none" : contentType) + ").");
    }
    Deadline deadline = null;
    if (timeout != null) {
      try {
        deadline = Deadline.after(Deadline.parseTimeout(timeout), TimeUnit.NANOSECONDS);
      } catch (IllegalArgumentException e) {
        return new Malformed("invalid grpc-timeout: " + e.getMessage());
      }
    }
    return new Grpc(new CallHead(path, authority, deadline), md);
  }

  /** True for {@code application/grpc} and its {@code +proto}, {@code ;charset} variants. */
  public static boolean isGrpcContentType(String contentType) {
    String ct = contentType.toLowerCase(java.util.Locale.ROOT);
    if (!ct.startsWith(CONTENT_TYPE)) {
      return false;
    }
    if (ct.length() == CONTENT_TYPE.length()) {
      return true;
    }
    char next = ct.charAt(CONTENT_TYPE.length());
    return next == '+' || next == ';';
  }
}
