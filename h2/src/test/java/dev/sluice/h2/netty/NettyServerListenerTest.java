package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NettyServerListenerTest {

  @Test
  void address_portZero_reportsTheChosenPort() throws Exception {
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0)))) {
      int port = ((InetSocketAddress) e.listener.boundAddress()).getPort();

      assertThat(port).isPositive();
      assertThat(e.listener.address()).isEqualTo("127.0.0.1:" + port);
    }
  }

  @Test
  void start_portInUse_throwsIOExceptionNamingTheAddress() throws Exception {
    try (Endpoints first = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0)))) {
      InetSocketAddress taken = (InetSocketAddress) first.listener.boundAddress();
      NettyServerListener second = NettyServerListener.forAddress(taken).build();

      assertThatThrownBy(() -> second.start(t -> {}))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("Could not bind 127.0.0.1:" + taken.getPort() + ": ");
      assertThat(second.terminationFuture()).isDone();
    }
  }

  @Test
  void start_twice_throws() throws Exception {
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0)))) {
      assertThatThrownBy(() -> e.listener.start(t -> {}))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void accept_plaintext_customizerRunsBeforeTransportOnTheChannelsLoop() throws Exception {
    LocalAddress address = new LocalAddress("listener-" + UUID.randomUUID());
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(address)
        .pipelineCustomizer(ch -> ch.pipeline().addLast("custom",
            new ChannelInboundHandlerAdapter())))) {
      Endpoints.connect(Endpoints.connectorTo(address).build());
      RecordingTransport s = e.awaitServer();

      assertThat(s.pipelineAtCreation)
          .containsSubsequence("custom", RecordingTransport.HANDLER)
          .doesNotContain("ssl");
      assertThat(s.channel.eventLoop().inEventLoop(s.creationThread)).isTrue();
      assertThat(s.endpoint().isSecure()).isFalse();
    }
  }

  @Test
  void accept_tls_sslHandlerComesFirst() throws Exception {
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(Endpoints.loopback(0))
        .tls(TestCerts.shared().server().build())
        .pipelineCustomizer(ch -> ch.pipeline().addLast("custom",
            new ChannelInboundHandlerAdapter())))) {
      Endpoints.connect(e.connector().tls(TestCerts.shared().client().build()).build());
      RecordingTransport s = e.awaitServer();

      assertThat(s.pipelineAtCreation)
          .containsSubsequence("ssl", "custom", RecordingTransport.HANDLER);
    }
  }

  @Test
  void address_localName_isLocalColonName() throws Exception {
    String name = "listener-" + UUID.randomUUID();
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(new LocalAddress(name)))) {
      assertThat(e.listener.address()).isEqualTo("local:" + name);
    }
  }

  @Test
  void start_localNameTaken_throwsIOException() throws Exception {
    LocalAddress address = new LocalAddress("listener-" + UUID.randomUUID());
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(address))) {
      NettyServerListener second = NettyServerListener.forAddress(address).build();

      assertThatThrownBy(() -> second.start(t -> {})).isInstanceOf(IOException.class);
    }
  }

  @Test
  void unixSocket_acceptsAConnection(@TempDir Path dir) throws Exception {
    // Through epoll where it loads, else the JDK's Unix sockets on NIO.
    Path socket = dir.resolve("s.sock");
    DomainSocketAddress address = new DomainSocketAddress(socket.toFile());
    try (Endpoints e = Endpoints.start(NettyServerListener.forAddress(address))) {
      RecordingTransport c = Endpoints.connect(Endpoints.connectorTo(address).build());
      RecordingTransport s = e.awaitServer();

      c.active.get(30, TimeUnit.SECONDS);
      assertThat(e.listener.address()).isEqualTo("unix:" + socket);
      // Epoll and NIO report the same: the JDK's type.
      assertThat(s.endpoint().localAddress())
          .isEqualTo(java.net.UnixDomainSocketAddress.of(socket));
      assertThat(c.endpoint().peer()).isEqualTo("unix:" + socket);
    }
    assertThat(Files.exists(socket)).as("socket file removed on close").isFalse();
  }

  @Test
  void abstractUnixSocket_withoutEpoll_saysEpollIsNeeded() {
    assumeTrue(!Epoll.isAvailable(), "epoll is available");
    // A path starting with NUL is a Linux abstract name, which the JDK's Unix sockets cannot use.
    NettyServerListener l = NettyServerListener
        .forAddress(new DomainSocketAddress("\0sluice-abstract-test")).build();

    assertThatThrownBy(() -> l.start(t -> {}))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("epoll");
  }

  @Test
  void shutdown_closesServerChannelAndCompletesTermination() throws Exception {
    NettyServerListener l = NettyServerListener.forAddress(Endpoints.loopback(0)).build();
    l.start(t -> {});
    assertThat(l.boundAddress()).isNotNull();

    l.shutdown();
    l.terminationFuture().get(30, TimeUnit.SECONDS);

    // Termination is the server channel's close: the socket is closed. (Whether the port is then
    // free cannot be checked on a shared machine: binding it again, or connecting to it, races
    // every other process and test fork, which may be given the freed ephemeral port at once.)
    assertThat(l.terminationFuture()).isDone();
  }

  @Test
  void shutdown_beforeStart_completesTermination() {
    NettyServerListener l = NettyServerListener.forAddress(Endpoints.loopback(0)).build();
    l.shutdown();

    assertThat(l.terminationFuture()).isDone();
  }
}
