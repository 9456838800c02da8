package dev.sluice.channel;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address literals without ever asking DNS. */
final class IpLiterals {

  private IpLiterals() {}

  /** The address for a dotted-quad IPv4 literal, or null when {@code text} is not one. */
  static InetAddress parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      bytes[i] = (byte) v;
    }
    return byAddress(text, bytes);
  }

  /**
   * The address for an IPv6 literal (no brackets; an optional {@code %zone}), or null when
   * {@code text} is not one.
   */
  static InetAddress parseIpv6(String text) {
    if (text.indexOf(':') < 0) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        break; // the zone may hold any characters
      }
      boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
          || c == ':' || c == '.';
      if (!ok) {
        return null;
      }
    }
    try {
      // A string of hex digits, colons and dots with at least one colon is parsed as a literal:
      // InetAddress never sends it to DNS.
      return InetAddress.getByName(text.indexOf('%') >= 0 ? text : "[" + text + "]");
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** The address of a literal of either family, or null when {@code text} is neither. */
  static InetAddress parse(String text) {
    InetAddress v4 = parseIpv4(text);
    return v4 != null ? v4 : parseIpv6(text);
  }

  private static InetAddress byAddress(String text, byte[] bytes) {
    try {
      return InetAddress.getByAddress(text, bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // four bytes are always a valid length
    }
  }
}
