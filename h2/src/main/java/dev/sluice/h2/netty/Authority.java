package dev.sluice.h2.netty;

/**
 * The host and port of an HTTP {@code :authority} ({@code host}, {@code host:port}, {@code
 * [v6]:port}); userinfo is not allowed in gRPC authorities and is not parsed.
 */
record Authority(String host, int port) {

  static Authority parse(String authority, int defaultPort) {
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException("empty authority");
    }
    String host = authority;
    int port = defaultPort;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("bad authority: " + authority);
      }
      host = authority.substring(1, close);
      if (close + 1 < authority.length()) {
        if (authority.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("bad authority: " + authority);
        }
        port = parsePort(authority, authority.substring(close + 2));
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && authority.indexOf(':') == colon) {
        host = authority.substring(0, colon);
        port = parsePort(authority, authority.substring(colon + 1));
      }
    }
    return new Authority(host, port);
  }

  private static int parsePort(String authority, String port) {
    try {
      int p = Integer.parseInt(port);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in authority: " + authority, e);
    }
  }
}
