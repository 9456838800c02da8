package dev.sluice.interop;

import dev.sluice.Channel;
import dev.sluice.okhttp.OkHttpConnector;
import dev.sluice.okhttp.OkHttpTransportFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Channels over the OkHttp client transport for the interop client: h2c with prior knowledge,
 * or TLS trusting the interop test CA, with the server name override as the authority (OkHttp
 * sends it as SNI and checks the certificate against it).
 */
final class OkHttpInteropChannels {

  private OkHttpInteropChannels() {}

  static Supplier<Channel> channels(String host, int port, boolean useTls, String hostOverride)
      throws IOException {
    OkHttpTransportFactory.Builder f =
        OkHttpTransportFactory.builder().maxInboundMessageSize(64 << 20);
    String authority = null;
    if (useTls) {
      X509TrustManager trust = testCaTrust();
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trust}, null);
        f.tls(ctx.getSocketFactory(), trust);
      } catch (GeneralSecurityException e) {
        throw new IOException("Could not set up TLS for the OkHttp client", e);
      }
      if (hostOverride != null && !hostOverride.isEmpty()) {
        authority = hostOverride + ":" + port;
      }
    }
    OkHttpTransportFactory factory = f.build();
    String auth = authority;
    return () -> Channel.builder(new OkHttpConnector(new InetSocketAddress(host, port), factory,
        auth, Duration.ofSeconds(20))).maxInboundMessageSize(64 << 20).build();
  }

  private static X509TrustManager testCaTrust() throws IOException {
    try (InputStream ca = InteropCerts.open("ca.pem")) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("interop-ca",
          CertificateFactory.getInstance("X.509").generateCertificate(ca));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("Could not read the interop test CA", e);
    }
  }
}
