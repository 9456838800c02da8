package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.h2.netty.TlsConfig.ClientAuth;
import dev.sluice.h2.netty.TlsConfig.Provider;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS between a {@link NettyServerListener} and a {@link NettyConnector} built from {@link
 * TlsConfig}, over loopback TCP, with {@link RecordingTransport}s in place of HTTP/2.
 */
class TlsConfigTest {

  private static final TestCerts CERTS = TestCerts.shared();

  static Stream<Arguments> providerPairs() {
    return Stream.of(
        Arguments.of(Provider.JDK, Provider.JDK),
        Arguments.of(Provider.OPENSSL, Provider.OPENSSL),
        Arguments.of(Provider.JDK, Provider.OPENSSL),
        Arguments.of(Provider.OPENSSL, Provider.JDK));
  }

  @ParameterizedTest(name = "server {0}, client {1}")
  @MethodSource("providerPairs")
  void handshake_tlsConfigOnBothSides_agreesOnH2(Provider server, Provider client)
      throws Exception {
    assumeProvider(server);
    assumeProvider(client);
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().provider(server).build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .tls(CERTS.client().provider(client).build())
          .authority("localhost:" + port(e))
          .build());
      RecordingTransport s = e.awaitServer();

      assertThat(c.awaitHandshake().isSuccess()).isTrue();
      assertThat(s.awaitHandshake().isSuccess()).isTrue();
      assertThat(c.applicationProtocol()).isEqualTo("h2");
      assertThat(s.applicationProtocol()).isEqualTo("h2");
      assertThat(c.endpoint().isSecure()).isTrue();
      assertThat(s.endpoint().isSecure()).isTrue();
      SSLSession session = ((ChannelEndpoint) c.endpoint()).sslSession();
      assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"JDK", "OPENSSL"})
  void build_provider_isTheOneAskedFor(Provider provider) throws Exception {
    assumeProvider(provider);
    assertThat(CERTS.client().provider(provider).build().provider()).isEqualTo(provider);
    assertThat(CERTS.server().provider(provider).build().provider()).isEqualTo(provider);
  }

  @Test
  void build_auto_picksOpenSslWhenAvailable() throws Exception {
    TlsConfig tls = CERTS.client().build();
    assertThat(tls.provider()).isEqualTo(OpenSsl.isAvailable() ? Provider.OPENSSL : Provider.JDK);
  }

  @Test
  void handshake_tls12Peer_agreesOnH2WithAnAeadSuite() throws Exception {
    SslContext tls12Client = SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .trustManager(CERTS.caCert())
        .protocols("TLSv1.2")
        .applicationProtocolConfig(alpn("h2"))
        .build();
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .pipelineCustomizer(ch -> ch.pipeline().addLast(tls12Client.newHandler(ch.alloc(), "localhost", 443)))
          .build());

      assertThat(c.awaitHandshake().cause()).isNull();
      assertThat(c.applicationProtocol()).isEqualTo("h2");
      SSLSession session = ((ChannelEndpoint) c.endpoint()).sslSession();
      assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
      assertThat(session.getCipherSuite()).startsWith("TLS_ECDHE_").containsAnyOf("GCM", "CHACHA");
    }
  }

  @Test
  void handshake_jdkServerAndClientOffersOnlyHttp11_failsWithAlpnAlert() throws Exception {
    SslContext http11Client = SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .trustManager(CERTS.caCert())
        .applicationProtocolConfig(alpn("http/1.1"))
        .build();
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().provider(Provider.JDK).build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .pipelineCustomizer(ch -> ch.pipeline().addLast(http11Client.newHandler(ch.alloc(), "localhost", 443)))
          .build());

      SslHandshakeCompletionEvent server = e.awaitServer().awaitHandshake();
      assertThat(server.isSuccess()).isFalse();
      assertThat(server.cause()).hasMessageContaining("application layer protocol");
      assertThat(c.awaitHandshake().isSuccess()).isFalse();
    }
  }

  @Test
  void handshake_serverWithoutAlpn_completesButIsNotH2() throws Exception {
    // OpenSSL cannot fail the handshake over ALPN, and no client can when the server does not
    // answer ALPN at all: this is the case the HTTP/2 connection must refuse by itself.
    SslContext noAlpnServer = SslContextBuilder
        .forServer(CERTS.serverCertChain(), CERTS.serverKey())
        .build();
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .pipelineCustomizer(ch -> ch.pipeline().addLast(noAlpnServer.newHandler(ch.alloc()))))) {
      RecordingTransport c = Endpoints.connect(e.connector().tls(CERTS.client().build()).build());

      assertThat(c.awaitHandshake().isSuccess()).isTrue();
      assertThat(TlsConfig.isH2(c.channel.pipeline().get(io.netty.handler.ssl.SslHandler.class)))
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"JDK", "OPENSSL"})
  void mtls_requireAndClientCert_succeedsAndServerSeesTheCert(Provider provider)
      throws Exception {
    assumeProvider(provider);
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().provider(provider).trustRoots(CERTS.caCert())
            .clientAuth(ClientAuth.REQUIRE).build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .tls(CERTS.client().provider(provider)
              .keyPair(CERTS.clientCertChain(), CERTS.clientKey()).build())
          .build());
      RecordingTransport s = e.awaitServer();

      assertThat(c.awaitHandshake().isSuccess()).isTrue();
      assertThat(s.awaitHandshake().isSuccess()).isTrue();
      SSLSession session = ((ChannelEndpoint) s.endpoint()).sslSession();
      assertThat(session.getPeerCertificates()[0]).isEqualTo(CERTS.clientCertificate());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"JDK", "OPENSSL"})
  void mtls_requireWithoutClientCert_serverRefuses(Provider provider) throws Exception {
    assumeProvider(provider);
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().provider(provider).trustRoots(CERTS.caCert())
            .clientAuth(ClientAuth.REQUIRE).build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .tls(CERTS.client().provider(provider).build())
          .build());

      assertThat(e.awaitServer().awaitHandshake().isSuccess()).isFalse();
      // In TLS 1.3 the client may finish first and learn of the refusal from an alert or the
      // close; either way the connection ends.
      c.inactive.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void mtls_optionalWithoutClientCert_succeeds() throws Exception {
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().trustRoots(CERTS.caCert()).clientAuth(ClientAuth.OPTIONAL)
            .build()))) {
      RecordingTransport c = Endpoints.connect(e.connector().tls(CERTS.client().build()).build());

      assertThat(c.awaitHandshake().isSuccess()).isTrue();
      assertThat(e.awaitServer().awaitHandshake().isSuccess()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"JDK", "OPENSSL"})
  void serverNameOverride_matchingName_succeeds(Provider provider) throws Exception {
    assumeProvider(provider);
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .tls(CERTS.client().provider(provider).serverNameOverride("foo.test.google.fr").build())
          .build());

      assertThat(c.awaitHandshake().isSuccess()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"JDK", "OPENSSL"})
  void hostnameVerification_nameNotInCert_fails(Provider provider) throws Exception {
    assumeProvider(provider);
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(CERTS.server().build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .tls(CERTS.client().provider(provider).serverNameOverride("wrong.example.com").build())
          .build());

      assertThat(c.awaitHandshake().isSuccess()).isFalse();
    }
  }

  @Test
  void trust_serverFromUntrustedCa_fails() throws Exception {
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(TlsConfig.forServer(CERTS.otherServerCertChain(), CERTS.otherServerKey()).build()))) {
      RecordingTransport c = Endpoints.connect(e.connector().tls(CERTS.client().build()).build());

      assertThat(c.awaitHandshake().isSuccess()).isFalse();
    }
  }

  @Test
  void trust_selfSignedServer_fails() throws Exception {
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(TlsConfig.forServer(CERTS.selfSignedServerCert(), CERTS.selfSignedServerKey())
            .build()))) {
      RecordingTransport c = Endpoints.connect(e.connector().tls(CERTS.client().build()).build());

      assertThat(c.awaitHandshake().isSuccess()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"JDK", "OPENSSL"})
  void trustAnyServerCertificateInsecurely_selfSignedServer_handshakesToH2(Provider provider)
      throws Exception {
    assumeProvider(provider);
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(TlsConfig.forServer(CERTS.selfSignedServerCert(), CERTS.selfSignedServerKey())
            .build()))) {
      RecordingTransport c = Endpoints.connect(e.connector()
          .tls(TlsConfig.forClient().trustAnyServerCertificateInsecurely().provider(provider)
              .serverNameOverride("wrong.example.com").build())
          .build());

      assertThat(c.awaitHandshake().isSuccess()).isTrue();
      assertThat(c.applicationProtocol()).isEqualTo("h2");
    }
  }

  @Test
  void build_trustAnyServerCertificateWithTrustRoots_throws() {
    assertThatThrownBy(() -> CERTS.client().trustAnyServerCertificateInsecurely().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("trustRoots");
  }

  @Test
  void build_trustAnyServerCertificateOnServer_throws() {
    assertThatThrownBy(() -> CERTS.server().trustAnyServerCertificateInsecurely().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("client option");
  }

  @Test
  void build_fromInputStreams_works() throws Exception {
    try (InputStream cert = new FileInputStream(CERTS.serverCertChain());
        InputStream key = new FileInputStream(CERTS.serverKey());
        InputStream roots = new FileInputStream(CERTS.caCert())) {
      assertThat(TlsConfig.forServer(cert, key).trustRoots(roots)
          .clientAuth(ClientAuth.REQUIRE).build().isServer()).isTrue();
    }
  }

  @Test
  void build_garbagePem_throwsIOException() {
    InputStream junk = new ByteArrayInputStream("not a pem".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> TlsConfig.forServer(junk, junk).build())
        .isInstanceOf(IOException.class);
  }

  @Test
  void build_clientAuthWithoutTrustRoots_throws() {
    assertThatThrownBy(() -> CERTS.server().clientAuth(ClientAuth.REQUIRE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trustRoots");
  }

  @Test
  void newClientHandler_onServerConfig_throws() throws Exception {
    TlsConfig server = CERTS.server().build();
    assertThatThrownBy(() -> server.newClientHandler(null, "localhost"))
        .isInstanceOf(IllegalStateException.class);
  }

  private static int port(Endpoints e) {
    return ((java.net.InetSocketAddress) e.listener.boundAddress()).getPort();
  }

  private static void assumeProvider(Provider p) {
    if (p == Provider.OPENSSL) {
      assumeTrue(OpenSsl.isAvailable(), "netty-tcnative is not available");
    }
  }

  private static ApplicationProtocolConfig alpn(String... protocols) {
    return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
        SelectedListenerFailureBehavior.ACCEPT, protocols);
  }
}
