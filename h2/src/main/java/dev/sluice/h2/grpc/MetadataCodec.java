package dev.sluice.h2.grpc;

import dev.sluice.Metadata;
import dev.sluice.h2.hpack.HeaderField;
import java.util.List;
import java.util.Set;

/**
 * Application metadata to header fields and back: ASCII values as they are, {@code -bin} values
 * in base64. Fields that cannot be metadata (invalid names or values from a lenient peer) are
 * skipped, not fatal: the call goes on without them.
 */
public final class MetadataCodec {

  /** Keys the library writes itself; never copied from application metadata to the wire. */
  private static final Set<String> WIRE_RESERVED = Set.of("content-type", "te", "host",
      "connection", "grpc-timeout", "grpc-status", "grpc-message", "grpc-status-details-bin",
      "user-agent", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

  private MetadataCodec() {}

  /** Appends {@code md}'s entries to {@code out}, as header fields. */
  public static void append(Metadata md, List<HeaderField> out) {
    if (md.isEmpty()) {
      return; // the usual case: nothing to visit
    }
    md.forEach((key, value) -> {
      if (WIRE_RESERVED.contains(key)) {
        return;
      }
      String text = value instanceof byte[] bytes
          ? BinaryHeaderCodec.encode(bytes)
          : (String) value;
      // Authorization-like values must never enter a shared compression table (RFC 7541 §7.1.3).
      boolean sensitive = key.equals("authorization") || key.equals("cookie");
      out.add(new HeaderField(key, text, sensitive));
    });
  }

  /** Adds one received field to {@code md}; returns false when it was skipped as invalid. */
  public static boolean addReceived(Metadata md, String name, String value) {
    try {
      if (Metadata.isBinaryKey(name)) {
        md.addBinary(name, BinaryHeaderCodec.decode(value));
      } else {
        md.add(name, value);
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
