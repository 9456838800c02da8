package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Netty's in-memory channels with the client's close asked for in the same task as its connect,
 * while the server's event loop is held, so the server's side of the connection registers only
 * after the client closed: the order that, without {@link LocalConnectGuard}, leaves the server's
 * side open and its first write unreleased in the closed client's queue.
 */
class LocalConnectGuardTest {

  private static final long TIMEOUT_SECONDS = 30;

  private final EventLoopGroup clientLoop =
      new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final EventLoopGroup serverLoop =
      new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final LocalAddress address = new LocalAddress("guard-" + UUID.randomUUID());
  private final CompletableFuture<Channel> accepted = new CompletableFuture<>();
  /** The buffer the server's side writes as it turns active, retained once more by the test. */
  private final CompletableFuture<ByteBuf> written = new CompletableFuture<>();
  private final CountDownLatch serverHeld = new CountDownLatch(1);
  private Channel server;

  @AfterEach
  void tearDown() throws Exception {
    serverHeld.countDown();
    if (server != null) {
      // Once let go, the server's loop runs what it was held from; a side of the connection
      // that turned active is closed before the loops stop, so its close reaches the client.
      serverLoop.submit(() -> {}).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Channel serverSide = accepted.getNow(null);
      if (serverSide != null) {
        serverSide.close().sync();
      }
      server.close().sync();
    }
    clientLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    serverLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
  }

  @Test
  void close_inSameTaskAsConnect_waitsForConnectThenClosesBothSidesAndReleasesServersWrite()
      throws Exception {
    startServer(true);
    Channel client = newClient(new LocalConnectGuard(Duration.ofSeconds(TIMEOUT_SECONDS)));
    ChannelFuture[] connectAndClose = connectAndCloseInOneTask(client);
    serverHeld.countDown();

    await(connectAndClose[0]);
    assertThat(connectAndClose[0].isSuccess()).isTrue();
    await(connectAndClose[1]);
    ByteBuf buf = written.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    await(accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).closeFuture());
    // The server's side, as it closed, queued the release of the client's inbound queue on the
    // client's loop: a task queued after it runs after it.
    client.eventLoop().submit(() -> {}).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(buf.refCnt()).as("references left: the test's own").isEqualTo(1);
    buf.release();
  }

  /**
   * The same order without the guard. Netty 4.2.18 left the server's side open and its first
   * write queued on the closed client for good (the race the guard was written for); from
   * 4.2.21 Netty closes the server's side before it turns active, so it never writes. The guard
   * stays for the connect timeout it adds; this test says when the race is back.
   */
  @Test
  void close_inSameTaskAsConnect_withoutGuard_serverSideNeverTurnsActive() throws Exception {
    startServer(true);
    Channel client = newClient(new ChannelInboundHandlerAdapter());
    ChannelFuture[] connectAndClose = connectAndCloseInOneTask(client);
    serverHeld.countDown();

    await(connectAndClose[0]);
    assertThat(connectAndClose[0].isSuccess()).isFalse();
    await(connectAndClose[1]);
    // Let both loops run whatever the connect and close queued, twice over.
    for (int i = 0; i < 2; i++) {
      serverLoop.submit(() -> {}).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      client.eventLoop().submit(() -> {}).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    assertThat(accepted).as("server's side turned active").isNotDone();
    assertThat(written).as("server's side wrote").isNotDone();
    assertThat(client.isActive()).as("closed client says it is active").isFalse();
  }

  @Test
  void connect_serverNeverAccepts_failsWithConnectTimeoutAndLetsPendingCloseThrough()
      throws Exception {
    startServer(false);
    Channel client = newClient(new LocalConnectGuard(Duration.ofMillis(50)));
    ChannelFuture[] connectAndClose = connectAndCloseInOneTask(client);

    await(connectAndClose[1]); // while the server's loop is still held
    assertThat(connectAndClose[0].cause()).isInstanceOf(ConnectTimeoutException.class)
        .hasMessageContaining("local:" + address.id());
  }

  private void startServer(boolean writeWhenActive) throws Exception {
    server = new ServerBootstrap().group(serverLoop).channel(LocalServerChannel.class)
        .childHandler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelActive(ChannelHandlerContext ctx) {
            accepted.complete(ctx.channel());
            if (writeWhenActive) {
              ByteBuf buf = ctx.alloc().buffer(1024).writeZero(9).retain();
              written.complete(buf);
              ctx.writeAndFlush(buf);
            }
            ctx.fireChannelActive();
          }
        })
        .bind(address).sync().channel();
    serverLoop.execute(() -> {
      try {
        serverHeld.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private Channel newClient(ChannelHandler handler) throws Exception {
    return new Bootstrap().group(clientLoop).channel(LocalChannel.class).handler(handler)
        .register().sync().channel();
  }

  /** [connect future, close future], both asked for in one task on the client's loop. */
  private ChannelFuture[] connectAndCloseInOneTask(Channel client) throws Exception {
    return client.eventLoop().submit(() -> new ChannelFuture[] {
        client.connect(address), client.close()}).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static void await(ChannelFuture f) throws InterruptedException {
    assertThat(f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("done in time").isTrue();
  }
}
