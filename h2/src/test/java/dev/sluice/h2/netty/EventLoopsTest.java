package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.Status;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.H2Transport;
import dev.sluice.transport.PingCallback;
import dev.sluice.transport.TransportOp;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLoopsTest {

  @Test
  void kind_followsEpollAvailability() {
    assertThat(EventLoops.kind())
        .isEqualTo(Epoll.isAvailable() ? EventLoops.Kind.EPOLL : EventLoops.Kind.NIO);
    assertThat(EventLoops.channelType(new InetSocketAddress(0)))
        .isEqualTo(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class);
  }

  @Test
  void network_threads_areDaemonsNamedSluiceIo() throws Exception {
    CompletableFuture<Thread> t = new CompletableFuture<>();
    EventLoops.network().execute(() -> t.complete(Thread.currentThread()));

    Thread thread = t.get(30, TimeUnit.SECONDS);
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).startsWith("sluice-io-");
  }

  @Test
  void local_address_usesLocalChannelsOnTheLocalGroup() {
    SocketAddress local = new LocalAddress("x");
    assertThat(EventLoops.channelType(local)).isEqualTo(LocalChannel.class);
    assertThat(EventLoops.serverChannelType(local)).isEqualTo(LocalServerChannel.class);
    assertThat(EventLoops.groupFor(local)).isSameAs(EventLoops.local());
  }

  @Test
  void unixSocket_withEpoll_usesEpollDomainSocketChannel() {
    assumeTrue(Epoll.isAvailable(), "epoll is not available");
    assertThat(EventLoops.channelType(new DomainSocketAddress("x.sock")))
        .isEqualTo(EpollDomainSocketChannel.class);
  }

  @Test
  void unixSocket_onNio_usesTheJdksUnixSocketsWithTheJdkAddress() {
    DomainSocketAddress netty = new DomainSocketAddress("x.sock");
    assertThat(EventLoops.channelType(netty, EventLoops.Kind.NIO))
        .isEqualTo(NioDomainSocketChannel.class);
    assertThat(EventLoops.serverChannelType(netty, EventLoops.Kind.NIO))
        .isEqualTo(NioServerDomainSocketChannel.class);
    assertThat(EventLoops.channelAddress(netty, EventLoops.Kind.NIO))
        .isEqualTo(UnixDomainSocketAddress.of("x.sock"));
    assertThat(EventLoops.channelAddress(UnixDomainSocketAddress.of("x.sock"),
        EventLoops.Kind.EPOLL)).isEqualTo(netty);
  }

  @Test
  void abstractUnixSocket_onNio_throwsSayingEpollIsNeeded() {
    assertThatThrownBy(() -> EventLoops.channelType(new DomainSocketAddress("\0name"),
        EventLoops.Kind.NIO))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("epoll");
  }

  @Test
  void unixSocket_nioChannels_carryAnHttp2ConnectionBothWays(@TempDir Path dir)
      throws Exception {
    // Our own NIO group, so the test runs the NIO path whether or not epoll is here.
    EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
      CompletableFuture<H2Transport> accepted = new CompletableFuture<>();
      Channel server = new ServerBootstrap().group(nio)
          .channel(EventLoops.serverChannelType(path, EventLoops.Kind.NIO))
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              accepted.complete(H2Transport.server(ch, H2Config.DEFAULT));
            }
          }).bind(path).sync().channel();
      Channel client = new Bootstrap().group(nio)
          .channel(EventLoops.channelType(path, EventLoops.Kind.NIO))
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {}
          }).register().sync().channel();
      H2Transport c = H2Transport.client(client, H2Config.DEFAULT, "http", "localhost");
      client.connect(path).sync();
      CompletableFuture<Long> rtt = new CompletableFuture<>();
      c.performTransportOp(new TransportOp.Ping(new PingCallback() {
        @Override
        public void acked(long nanos) {
          rtt.complete(nanos);
        }

        @Override
        public void failed(Status status) {
          rtt.completeExceptionally(status.asException());
        }
      }));
      assertThat(rtt.get(30, TimeUnit.SECONDS)).isNotNegative();
      assertThat(accepted.get(30, TimeUnit.SECONDS).endpoint().remoteAddress())
          .isInstanceOf(UnixDomainSocketAddress.class);
      c.close(Status.UNAVAILABLE);
      c.terminationFuture().get(30, TimeUnit.SECONDS);
      server.close().sync();
    } finally {
      nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void unknownAddressType_throws() {
    SocketAddress odd = new SocketAddress() {};
    assertThatThrownBy(() -> EventLoops.channelType(odd))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
