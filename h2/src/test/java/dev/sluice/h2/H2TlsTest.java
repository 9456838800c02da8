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
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls over TLS: server authentication, mutual TLS, and what a failed handshake looks like. */
class H2TlsTest {

  private static final MethodDescriptor<String, String> ECHO = MethodDescriptor.create(
      "sluice.test.Tls/Echo", MethodDescriptor.MethodType.UNARY, Marshallers.IMMUTABLE_STRINGS,
      Marshallers.IMMUTABLE_STRINGS);

  private final TestCerts certs = TestCerts.shared();
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
    server = Server.builder().listener(listener).addMethod(ECHO, call -> {
      CompletionQueue q = new CompletionQueue();
      Batch in = new Batch().recvMessage();
      call.startBatch(in, q, "in");
      q.next(Duration.ofSeconds(10));
      boolean secure = call.requestHeaders() != null;
      Batch out = new Batch().sendMessage("tls:" + in.message() + ":" + secure)
          .sendStatusFromServer(Status.OK, new Metadata());
      call.startBatch(out, q, "out");
      q.next(Duration.ofSeconds(10));
    }).build().start();
    return ((InetSocketAddress) listener.boundAddress()).getPort();
  }

  private Batch call(int port, TlsConfig tls) throws Exception {
    channel = Channel.builder(NettyConnector.forAddress(new InetSocketAddress("localhost", port))
        .tls(tls).build()).build();
    Call c = channel.newCall(ECHO);
    CompletionQueue q = new CompletionQueue();
    Batch b = new Batch().sendInitialMetadata(new Metadata()).sendMessage("hi")
        .sendCloseFromClient().recvMessage().recvStatusOnClient();
    c.startBatch(b, q, "call");
    assertThat(q.next(Duration.ofSeconds(20)).type()).isEqualTo(Event.Type.OP_COMPLETE);
    return b;
  }

  @Test
  void serverAuthenticated_callSucceeds() throws Exception {
    int port = startServer(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey()).build());
    Batch b = call(port, TlsConfig.forClient().trustRoots(certs.caCert()).build());
    assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
    assertThat((String) b.message()).isEqualTo("tls:hi:true");
  }

  @Test
  void untrustedServer_callFailsUnavailableNamingTls() throws Exception {
    int port = startServer(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey()).build());
    Batch b = call(port, TlsConfig.forClient().trustRoots(certs.otherCaCert()).build());
    assertThat(b.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(b.status().description()).contains("TLS");
  }

  @Test
  void mutualTls_withClientCertificate_succeeds() throws Exception {
    int port = startServer(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey())
        .trustRoots(certs.caCert()).clientAuth(TlsConfig.ClientAuth.REQUIRE).build());
    Batch b = call(port, TlsConfig.forClient().trustRoots(certs.caCert())
        .keyPair(certs.clientCertChain(), certs.clientKey()).build());
    assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
  }

  @Test
  void mutualTls_withoutClientCertificate_isRefused() throws Exception {
    int port = startServer(TlsConfig.forServer(certs.serverCertChain(), certs.serverKey())
        .trustRoots(certs.caCert()).clientAuth(TlsConfig.ClientAuth.REQUIRE).build());
    Batch b = call(port, TlsConfig.forClient().trustRoots(certs.caCert()).build());
    assertThat(b.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
  }
}
