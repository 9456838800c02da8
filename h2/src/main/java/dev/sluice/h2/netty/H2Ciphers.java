package dev.sluice.h2.netty;

import java.util.List;

/**
 * Cipher suites fit for HTTP/2: RFC 9113 §9.2.2 forbids the TLS 1.2 suites on its Appendix A
 * block list, which leaves the ephemeral-key AEAD ones below. Listed strongest first; suites a
 * provider lacks are filtered out when the context is built.
 */
final class H2Ciphers {

  static final List<String> SUITES = List.of(
      // TLS 1.3 (all of its suites are AEAD with forward secrecy).
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      // TLS 1.2: ECDHE + AEAD only (RFC 9113 §9.2.2, Appendix A).
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

  /** TLS 1.2 is the floor RFC 9113 §9.2 sets. */
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private H2Ciphers() {}
}
