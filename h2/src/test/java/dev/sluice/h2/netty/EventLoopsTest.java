package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
  void unixSocket_withoutEpoll_throwsSayingWhy() {
    assumeTrue(!Epoll.isAvailable(), "epoll is available");
    assertThatThrownBy(() -> EventLoops.channelType(new DomainSocketAddress("x.sock")))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("epoll");
  }

  @Test
  void unknownAddressType_throws() {
    SocketAddress odd = new SocketAddress() {};
    assertThatThrownBy(() -> EventLoops.channelType(odd))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
