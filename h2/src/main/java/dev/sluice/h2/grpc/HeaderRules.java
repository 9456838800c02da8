package dev.sluice.h2.grpc;

/**
 * The field rules of RFC 9113 §8.2 that make a message malformed: upper-case names,
 * connection-specific fields, and {@code te} other than {@code trailers}.
 */
final class HeaderRules {

  private HeaderRules() {}

  /** Why a regular (non-pseudo) field makes the message malformed, or null when it is fine. */
  static String checkRegular(String name, String value) {
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
