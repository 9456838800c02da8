package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Status;
import dev.sluice.h2.H2Transport;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.PingCallback;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event loop groups of one's own on listeners and connectors, NIO Unix sockets among them. */
class EventLoopGroupOptionTest {

  @Test
  void ownNioGroup_unixSocket_listenerAndConnectorRunOnIt(@TempDir Path dir) throws Exception {
    EventLoopGroup nio = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    SocketAddress path = new DomainSocketAddress(dir.resolve("own.sock").toString());
    NettyServerListener listener = NettyServerListener.forAddress(path).eventLoopGroup(nio)
        .build();
    try {
      CompletableFuture<Transport> accepted = new CompletableFuture<>();
      listener.start(accepted::complete);
      Transport client = NettyConnector.forAddress(path).eventLoopGroup(nio).build().connect();
      CompletableFuture<Long> rtt = new CompletableFuture<>();
      client.performTransportOp(new TransportOp.WatchConnectivity((s, why) -> {
        if (s == ConnectivityState.READY) {
          client.performTransportOp(new TransportOp.Ping(new PingCallback() {
            @Override
            public void acked(long nanos) {
              rtt.complete(nanos);
            }

            @Override
            public void failed(Status status) {
              rtt.completeExceptionally(status.asException());
            }
          }));
        }
      }));
      assertThat(rtt.get(30, TimeUnit.SECONDS)).isNotNegative();
      H2Transport served = (H2Transport) accepted.get(30, TimeUnit.SECONDS);
      assertThat(served.channel().eventLoop().parent()).isSameAs(nio);
      assertThat(((H2Transport) client).channel().eventLoop().parent()).isSameAs(nio);
      client.close(Status.UNAVAILABLE);
      client.terminationFuture().get(30, TimeUnit.SECONDS);
    } finally {
      listener.shutdown();
      listener.terminationFuture().get(30, TimeUnit.SECONDS);
      nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void newNetworkGroup_threadsAreDaemonsWithTheName() throws Exception {
    EventLoopGroup g = EventLoops.newNetworkGroup("mine", 1);
    try {
      CompletableFuture<Thread> t = new CompletableFuture<>();
      g.execute(() -> t.complete(Thread.currentThread()));
      assertThat(t.get(30, TimeUnit.SECONDS).getName()).startsWith("mine-");
      assertThat(t.get().isDaemon()).isTrue();
      assertThat(EventLoops.kindOf(g)).isEqualTo(EventLoops.kind());
    } finally {
      g.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void eventLoopGroup_localGroup_refusedAtOnce() throws Exception {
    EventLoopGroup local = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    try {
      assertThatThrownBy(() -> NettyConnector.forAddress(new DomainSocketAddress("x.sock"))
          .eventLoopGroup(local))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("epoll and NIO");
    } finally {
      local.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
  }
}
