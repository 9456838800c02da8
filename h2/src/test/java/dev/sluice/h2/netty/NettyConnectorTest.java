package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.local.LocalAddress;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NettyConnectorTest {

  @Test
  void connect_closedPort_closesTransportWithUnavailable() throws Exception {
    // Bind and release a port so that nothing listens on it.
    NettyServerListener l = NettyServerListener.forAddress(Endpoints.loopback(0)).build();
    l.start(t -> {});
    InetSocketAddress closed = (InetSocketAddress) l.boundAddress();
    l.shutdown();
    l.terminationFuture().get(30, TimeUnit.SECONDS);

    RecordingTransport t = Endpoints.connect(Endpoints.connectorTo(closed).build());
    Status status = t.closed.get(30, TimeUnit.SECONDS);

    assertThat(status.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.description())
        .startsWith("Could not connect to 127.0.0.1:" + closed.getPort() + ": ");
    assertThat(status.cause()).isInstanceOf(ConnectException.class);
  }

  @Test
  void connect_localNameNobodyListensOn_closesTransportWithUnavailable() throws Exception {
    LocalAddress nobody = new LocalAddress("nobody-" + UUID.randomUUID());

    RecordingTransport t = Endpoints.connect(Endpoints.connectorTo(nobody).build());

    Status status = t.closed.get(30, TimeUnit.SECONDS);
    assertThat(status.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.description()).startsWith("Could not connect to local:nobody-");
  }

  @Test
  void connect_returnsAtOnce_withSslThenCustomizerThenTransport() throws Exception {
    LocalAddress address = new LocalAddress("connector-" + UUID.randomUUID());
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(address))) {
      RecordingTransport c = Endpoints.connect(Endpoints.connectorTo(address)
          .tls(TestCerts.shared().client().build())
          .pipelineCustomizer(ch -> ch.pipeline().addLast("custom",
              new ChannelInboundHandlerAdapter()))
          .build());

      assertThat(c.pipelineAtCreation)
          .containsSubsequence("ssl", "custom", RecordingTransport.HANDLER);
      assertThat(c.isClient()).isTrue();
      c.active.get(30, TimeUnit.SECONDS);
      assertThat(c.endpoint().peer()).isEqualTo("local:" + address.id());
    }
  }

  @Test
  void connect_passesSchemeAndAuthorityToTheTransport() throws Exception {
    String[] seen = new String[2];
    LocalAddress nobody = new LocalAddress("nobody-" + UUID.randomUUID());
    NettyConnector tls = NettyConnector.forAddress(nobody)
        .authority("localhost:443")
        .tls(TestCerts.shared().client().build())
        .transportFactory((ch, cfg, scheme, authority) -> {
          seen[0] = scheme;
          seen[1] = authority;
          return new RecordingTransport(ch, true);
        })
        .build();

    tls.connect();
    assertThat(seen).containsExactly("https", "localhost:443");

    NettyConnector plain = NettyConnector.forAddress(nobody)
        .authority("example.com")
        .transportFactory((ch, cfg, scheme, authority) -> {
          seen[0] = scheme;
          seen[1] = authority;
          return new RecordingTransport(ch, true);
        })
        .build();
    plain.connect();
    assertThat(seen).containsExactly("http", "example.com");
  }

  @Test
  void authority_defaults_toHostPortOrLocalhost() {
    assertThat(NettyConnector.forAddress(InetSocketAddress.createUnresolved("example.com", 443)).build()
        .authority()).isEqualTo("example.com:443");
    assertThat(NettyConnector.forAddress(new LocalAddress("demo")).build().authority())
        .isEqualTo("localhost");
  }

  @Test
  void target_isHumanReadable() {
    assertThat(NettyConnector.forAddress(Endpoints.loopback(50051)).build().target())
        .isEqualTo("127.0.0.1:50051");
    assertThat(NettyConnector.forAddress(new LocalAddress("demo")).build().target())
        .isEqualTo("local:demo");
    assertThat(NettyConnector.forAddress(new InetSocketAddress("::1", 8080)).build().target())
        .isEqualTo("[0:0:0:0:0:0:0:1]:8080");
  }
}
