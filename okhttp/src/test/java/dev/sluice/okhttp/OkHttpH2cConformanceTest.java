package dev.sluice.okhttp;

/** The whole conformance kit: OkHttp's client over h2c (prior knowledge) to Sluice's server. */
class OkHttpH2cConformanceTest extends AbstractOkHttpConformanceTest {
  @Override
  boolean tls() {
    return false;
  }
}
