package dev.sluice.okhttp;

import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.TestCerts;
import dev.sluice.h2.netty.TlsConfig;
import dev.sluice.transport.ServerListener;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Sluice's HTTP/2 server as the kit's server end for the OkHttp client, and the client's TLS
 * settings that trust its test certificates.
 */
final class SluiceServerKit {

  /** Messages up to this size pass both ends (the kit sends 16 MiB). */
  static final int MAX_MESSAGE = 32 << 20;

  /** The server's own pooled allocator, so its memory in use is the kit's alone. */
  static final PooledByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true);

  private SluiceServerKit() {}

  static ServerListener listener(boolean tls) {
    NettyServerListener.Builder b =
        NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .config(H2Config.DEFAULT.withMaxMessageSize(MAX_MESSAGE))
            .pipelineCustomizer(ch -> ch.config().setAllocator(ALLOCATOR));
    if (tls) {
      TestCerts certs = TestCerts.shared();
      try {
        b.tls(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey()).build());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return b.build();
  }

  static int port(ServerListener listener) {
    String a = listener.address();
    return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
  }

  /** The OkHttp client's factory: plaintext, or TLS trusting the test CA. */
  static OkHttpTransportFactory factory(boolean tls) {
    OkHttpTransportFactory.Builder b =
        OkHttpTransportFactory.builder().maxInboundMessageSize(MAX_MESSAGE);
    if (tls) {
      X509TrustManager trust = trustTestCa();
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        b.tls(ctx.getSocketFactory(), trust);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return b.build();
  }

  /** A trust manager for the test CA of {@link TestCerts}. */
  static X509TrustManager trustTestCa() {
    try (InputStream in = new FileInputStream(TestCerts.shared().caCert())) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not load the test CA", e);
    }
  }

  static long pooledBytesInUse() {
    return ALLOCATOR.pinnedDirectMemory() + ALLOCATOR.pinnedHeapMemory();
  }

  static void awaitPooledMemoryBack(long before, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    long now = pooledBytesInUse();
    while (now > before && System.nanoTime() < end) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      now = pooledBytesInUse();
    }
    if (now > before) {
      throw new AssertionError("the server's pooled buffers of " + (now - before)
          + " bytes were not released once both transports closed");
    }
  }
}
