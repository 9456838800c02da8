package dev.sluice.h2.grpc;

import dev.sluice.h2.hpack.HeaderField;
import java.util.List;

/**
 * The field rules of RFC 9113 §8.2 and §8.3 that make a message malformed: upper-case names,
 * connection-specific fields, {@code te} other than {@code trailers}, and pseudo-header fields
 * where they do not belong. A malformed message is a stream error PROTOCOL_ERROR (§8.1.1); the
 * request head is checked by {@link RequestHeaders#parse}, the rest here.
 */
public final class HeaderRules {

  private HeaderRules() {}

  /**
   * Why a trailer section is malformed, or null when it is fine: it carries no pseudo-header
   * field (RFC 9113 §8.1) and its fields follow §8.2.
   */
  public static String checkTrailers(List<HeaderField> fields) {
    for (int i = 0, n = fields.size(); i < n; i++) {
      HeaderField f = fields.get(i);
      if (f.name().startsWith(":")) {
        return "pseudo-header " + f.name() + " in trailers (RFC 9113 §8.1)";
      }
      String problem = checkRegular(f.name(), f.value());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * Why the first header section of a response (or a trailers-only response) is malformed, or
   * null when it is fine: one {@code :status} and no other pseudo-header field, before every
   * regular field (RFC 9113 §8.3, §8.3.2), and regular fields that follow §8.2.
   */
  public static String checkResponseHead(List<HeaderField> fields) {
    boolean statusSeen = false;
    boolean regularSeen = false;
    for (int i = 0, n = fields.size(); i < n; i++) {
      HeaderField f = fields.get(i);
      String name = f.name();
      if (name.startsWith(":")) {
        if (!name.equals(":status")) {
          return "pseudo-header " + name + " in a response (RFC 9113 §8.3.2)";
        }
        if (statusSeen) {
          return "duplicate :status (RFC 9113 §8.3.2)";
        }
        if (regularSeen) {
          return ":status after a regular field (RFC 9113 §8.3)";
        }
        statusSeen = true;
        continue;
      }
      regularSeen = true;
      String problem = checkRegular(name, f.value());
      if (problem != null) {
        return problem;
      }
    }
    return statusSeen ? null : "response without :status (RFC 9113 §8.3.2)";
  }

  /** Why a regular (non-pseudo) field makes the message malformed, or null when it is fine. */
  public static String checkRegular(String name, String value) {
    if (name.isEmpty()) {
      return "empty field name (RFC 9113 §8.2.1)";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return "upper-case field name " + name + " (RFC 9113 §8.2.1)";
      }
      if (c <= 0x20 || c == 0x7F || c > 0xFF) {
        return "invalid character in field name (RFC 9113 §8.2.1)";
      }
    }
    switch (name) {
      case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
        return "connection-specific field " + name + " (RFC 9113 §8.2.2)";
      }
      case "te" -> {
        if (!value.equals("trailers")) {
          return "te other than trailers (RFC 9113 §8.2.2)";
        }
      }
      default -> {
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0 || c == '\r' || c == '\n') {
        return "NUL, CR or LF in the value of " + name + " (RFC 9113 §8.2.1)";
      }
    }
    return null;
  }
}
