package dev.sluice.okhttp;

/** The whole conformance kit: OkHttp's client over TLS (ALPN h2) to Sluice's server. */
class OkHttpTlsConformanceTest extends AbstractOkHttpConformanceTest {
  @Override
  boolean tls() {
    return true;
  }
}
