/**
 * A client transport over OkHttp's HTTP/2 (h2c with prior knowledge, or TLS with ALPN h2), for
 * applications that already ship OkHttp and want no Netty. Its transport factory is found by the
 * channel as a service.
 */
module dev.sluice.okhttp {
  requires transitive dev.sluice.core;
  requires transitive okhttp3;

  exports dev.sluice.okhttp;

  provides dev.sluice.transport.ClientTransportFactory with
      dev.sluice.okhttp.OkHttpTransportFactory;
}
