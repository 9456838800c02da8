package dev.sluice.transport;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What a TLS connection agreed on and who is on the other end, for logs, audits and
 * authorization decisions (such as mTLS: which client certificate called).
 *
 * @param protocol the TLS version, such as {@code TLSv1.3}
 * @param cipherSuite the cipher suite, such as {@code TLS_AES_128_GCM_SHA256}
 * @param serverName the SNI host name the client asked for, or null when it sent none (on a
 *     client, the name it sent)
 * @param peerCertificates the peer's certificate chain, its own certificate first; empty when it
 *     presented none (a client without a certificate under server-only TLS)
 */
public record TlsInfo(String protocol, String cipherSuite, String serverName,
    List<X509Certificate> peerCertificates) {

  /**
   * Copies the certificate list.
   *
   * @param protocol the TLS version, such as {@code TLSv1.3}
   * @param cipherSuite the cipher suite, such as {@code TLS_AES_128_GCM_SHA256}
   * @param serverName the SNI host name the client asked for, or null when it sent none (on a
   *     client, the name it sent)
   * @param peerCertificates the peer's certificate chain, its own certificate first; empty when it
   *     presented none (a client without a certificate under server-only TLS)
   */
  public TlsInfo {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    peerCertificates = List.copyOf(peerCertificates);
  }

  /**
   * The peer's own certificate (first of the chain), or null when it presented none.
   *
   * @return the certificate, or null
   */
  public X509Certificate peerCertificate() {
    return peerCertificates.isEmpty() ? null : peerCertificates.get(0);
  }
}
