package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Channel;
import dev.sluice.CompletionQueue;
import dev.sluice.Event;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.TestCerts;
import dev.sluice.h2.netty.TlsConfig;
import dev.sluice.testing.Marshallers;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.TlsInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who is on the other end: the server call's {@link Call#endpoint()} gives the handler the
 * client's address and, under mutual TLS, its certificate; the client call's gives the server's
 * certificate once the call has its response.
 */
class PeerIdentityTest {

  private static final MethodDescriptor<String, String> WHO = MethodDescriptor.create(
      "sluice.test.Identity/Who", MethodDescriptor.MethodType.UNARY, Marshallers.IMMUTABLE_STRINGS,
      Marshallers.IMMUTABLE_STRINGS);

  private final TestCerts certs = TestCerts.shared();
  private final AtomicReference<Endpoint> seen = new AtomicReference<>();
  private Server server;
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private int startServer(TlsConfig tls) throws Exception {
    NettyServerListener listener = NettyServerListener
        .forAddress(new InetSocketAddress("127.0.0.1", 0)).tls(tls).build();
    server = Server.builder().listener(listener).addMethod(WHO, call -> {
      Endpoint e = call.endpoint();
      seen.set(e);
      TlsInfo tlsInfo = e.tls();
      String subject = tlsInfo == null || tlsInfo.peerCertificate() == null ? "anonymous"
          : tlsInfo.peerCertificate().getSubjectX500Principal().getName();
      CompletionQueue q = new CompletionQueue();
      Batch out = new Batch().recvMessage().sendInitialMetadata(new Metadata())
          .sendMessage(subject).sendStatusFromServer(Status.OK, new Metadata());
      call.startBatch(out, q, "out");
      q.next(Duration.ofSeconds(10));
    }).build().start();
    return ((InetSocketAddress) listener.boundAddress()).getPort();
  }

  private Call call(int port, TlsConfig tls, Batch b) throws Exception {
    channel = Channel.builder(NettyConnector.forAddress(new InetSocketAddress("localhost", port))
        .tls(tls).build()).build();
    Call c = channel.newCall(WHO);
    CompletionQueue q = new CompletionQueue();
    c.startBatch(b, q, "call");
    assertThat(q.next(Duration.ofSeconds(20)).type()).isEqualTo(Event.Type.OP_COMPLETE);
    return c;
  }

  private static Batch unary() {
    return new Batch().sendInitialMetadata(new Metadata()).sendMessage("hi")
        .sendCloseFromClient().recvInitialMetadata().recvMessage().recvStatusOnClient();
  }

  @Test
  void mutualTls_handlerReadsTheClientCertificateSubject() throws Exception {
    int port = startServer(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey())
        .trustRoots(certs.caCert()).clientAuth(TlsConfig.ClientAuth.REQUIRE).build());
    Batch b = unary();
    call(port, TlsConfig.forClient().trustRoots(certs.caCert())
        .keyPair(certs.clientCertChain(), certs.clientKey()).build(), b);
    assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
    assertThat((String) b.message()).isEqualTo("CN=sluice-test-client");
    Endpoint e = seen.get();
    assertThat(e.isSecure()).isTrue();
    assertThat(e.tls().protocol()).startsWith("TLSv1.");
    assertThat(e.tls().cipherSuite()).isNotBlank();
    assertThat(e.tls().peerCertificates().get(0).getIssuerX500Principal().getName())
        .isEqualTo("CN=Sluice Test CA");
    assertThat(((InetSocketAddress) e.remoteAddress()).getAddress().isLoopbackAddress()).isTrue();
    assertThat(((InetSocketAddress) e.localAddress()).getPort()).isEqualTo(port);
  }

  @Test
  void serverTls_clientReadsTheServerCertificateAfterHeaders() throws Exception {
    int port = startServer(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey())
        .build());
    Batch b = unary();
    Call c = call(port, TlsConfig.forClient().trustRoots(certs.caCert()).build(), b);
    assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
    assertThat((String) b.message()).as("no client certificate").isEqualTo("anonymous");
    TlsInfo tls = c.endpoint().tls();
    assertThat(tls.peerCertificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=localhost");
    assertThat(tls.serverName()).isEqualTo("localhost");
  }

  @Test
  void plaintext_endpointSaysNotSecure_noTlsInfo() throws Exception {
    int port = startServer(null);
    Batch b = unary();
    channel = Channel.forTarget("ipv4:127.0.0.1:" + port);
    Call c = channel.newCall(WHO);
    CompletionQueue q = new CompletionQueue();
    c.startBatch(b, q, "call");
    assertThat(q.next(Duration.ofSeconds(20)).type()).isEqualTo(Event.Type.OP_COMPLETE);
    assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
    assertThat(seen.get().isSecure()).isFalse();
    assertThat(seen.get().tls()).isNull();
    assertThat(c.endpoint().isSecure()).isFalse();
    assertThat(c.endpoint().remoteAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", port));
  }

  @Test
  void mutualTls_dottedServerName_handlerReadsTheSniTheClientSent() throws Exception {
    // The JDK sends SNI only for a host name with a dot (not "localhost", not an address); the
    // server certificate is also valid for *.test.google.fr, so the hostname check passes.
    int port = startServer(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey())
        .trustRoots(certs.caCert()).clientAuth(TlsConfig.ClientAuth.REQUIRE).build());
    Batch b = unary();
    Call c = call(port, TlsConfig.forClient().trustRoots(certs.caCert())
        .keyPair(certs.clientCertChain(), certs.clientKey())
        .serverNameOverride("api.test.google.fr").build(), b);
    assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
    assertThat((String) b.message()).isEqualTo("CN=sluice-test-client");
    assertThat(seen.get().tls().serverName()).isEqualTo("api.test.google.fr");
    assertThat(c.endpoint().tls().serverName()).isEqualTo("api.test.google.fr");
  }
}
