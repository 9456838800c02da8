package dev.sluice.channel;

/**
 * {@code host[:port]} as targets write it: a name, an IPv4 literal, or an IPv6 literal in
 * brackets ({@code [::1]:443}); an IPv6 literal without brackets is taken whole, with no port.
 *
 * @param host the host, without brackets
 * @param port the port, or -1 when the text names none
 */
record HostAndPort(String host, int port) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static HostAndPort parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the host is empty");
    }
    String host;
    String portText = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'[' without a closing ']' in '" + text + "'");
      }
      host = text.substring(1, close);
      String after = text.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("only ':port' may follow ']' in '" + text + "'");
        }
        portText = after.substring(1);
      }
      if (host.indexOf(':') < 0) {
        throw new IllegalArgumentException("brackets are for IPv6 addresses, not '" + host + "'");
      }
      checkIpv6(host);
    } else {
      int first = text.indexOf(':');
      if (first >= 0 && text.indexOf(':', first + 1) >= 0) {
        host = text; // an IPv6 literal without brackets: no port
        checkIpv6(host);
      } else {
        host = first >= 0 ? text.substring(0, first) : text;
        portText = first >= 0 ? text.substring(first + 1) : null;
        checkHostName(host);
      }
    }
    return new HostAndPort(host, portText == null ? -1 : parsePort(portText));
  }

  /** This host and port as {@code host:port}, with brackets around IPv6. */
  String format(int defaultPort) {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return h + ":" + (port < 0 ? defaultPort : port);
  }

  static int parsePort(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the port after ':' is empty");
    }
    if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("port '" + text + "' is not a number from 1 to 65535");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 1..65535");
    }
    return port;
  }

  private static void checkHostName(String host) {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("the host is empty");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '.' || c == '-' || c == '_';
      if (!ok) {
        throw new IllegalArgumentException("host '" + host + "' has a character that cannot be"
            + " in a host name: '" + c + "'");
      }
    }
  }

  private static void checkIpv6(String host) {
    String address = host;
    int zone = host.indexOf('%');
    if (zone >= 0) {
      address = host.substring(0, zone);
      if (zone == host.length() - 1) {
        throw new IllegalArgumentException("empty zone after '%' in '" + host + "'");
      }
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
          || c == ':' || c == '.';
      if (!ok) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
      }
    }
    if (IpLiterals.parseIpv6(address) == null) {
      throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
    }
  }
}
