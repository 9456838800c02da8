package dev.sluice.interop;

import dev.sluice.h2.netty.TlsConfig;
import java.io.IOException;
import java.io.InputStream;

/**
 * The interop test CA and server certificate ({@code *.test.google.fr}), as grpc-java publishes
 * them in {@code io.grpc:grpc-testing}; the build unpacks them next to these classes.
 */
final class InteropCerts {

  private InteropCerts() {}

  static InputStream open(String name) throws IOException {
    InputStream in = InteropCerts.class.getResourceAsStream("certs/" + name);
    if (in == null) {
      throw new IOException("Interop certificate " + name + " is missing from the class path: "
          + "build the interop module with Maven, which unpacks it from io.grpc:grpc-testing");
    }
    return in;
  }

  /** The server's TLS: the interop server certificate and key. */
  static TlsConfig server() throws IOException {
    try (InputStream cert = open("server1.pem"); InputStream key = open("server1.key")) {
      return TlsConfig.forServer(cert, key).build();
    }
  }

  /**
   * The client's TLS.
   *
   * @param useTestCa trust the interop test CA (else the JDK's trust store)
   * @param hostOverride the name to expect in the server's certificate, or null
   */
  static TlsConfig client(boolean useTestCa, String hostOverride) throws IOException {
    TlsConfig.Builder b = TlsConfig.forClient();
    if (useTestCa) {
      try (InputStream ca = open("ca.pem")) {
        b.trustRoots(ca);
        if (hostOverride != null && !hostOverride.isEmpty()) {
          b.serverNameOverride(hostOverride);
        }
        return b.build();
      }
    }
    if (hostOverride != null && !hostOverride.isEmpty()) {
      b.serverNameOverride(hostOverride);
    }
    return b.build();
  }
}
