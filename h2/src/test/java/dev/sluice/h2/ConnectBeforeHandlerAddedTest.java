package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.netty.EventLoops;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's HTTP/2 handler is in its pipeline before the channel can read: the server's first
 * bytes (its SETTINGS) are never lost, however the channel's registration and the caller's thread
 * interleave.
 *
 * <p>The test plays the one order that lost them, step by step, with latches instead of luck. The
 * caller's thread adds the customizer's handler to a pipeline not registered yet, so the loop
 * adds it inside the registration; while the loop is held there, the caller adds the HTTP/2
 * handler to the now registered pipeline (the loop will add it in a task of its own) and asks to
 * be told when the registration completes. A connection started when the registration completes
 * (inside that same task) reaches the server, whose SETTINGS then sit in the client's inbound
 * queue; the registration, finding the channel active, reads them at once, before the task that
 * adds the HTTP/2 handler, and they fall off the end of the pipeline. The server's SETTINGS ACK
 * is then the first frame the client sees, a connection error (RFC 9113 §3.4).
 */
class ConnectBeforeHandlerAddedTest {

  private static final long WAIT_SECONDS = 10;

  /** The scripted server runs on a group of its own, so holding a client loop never stalls it. */
  private final EventLoopGroup serverGroup =
      new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final CountDownLatch loopsHeld = new CountDownLatch(1);
  private Channel serverChannel;
  private Gate gate;
  private Transport client;

  @AfterEach
  void tearDown() throws Exception {
    // Whatever failed, no client loop stays held.
    loopsHeld.countDown();
    if (gate != null) {
      gate.release.countDown();
    }
    if (client != null) {
      client.close(Status.UNAVAILABLE.withDescription("test over"));
      client.terminationFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    serverGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void registrationCompletesWhileHandlerAddIsQueued_serverSettingsStillReachTheConnection()
      throws Exception {
    LocalAddress address = new LocalAddress("connect-order-" + UUID.randomUUID());
    CompletableFuture<Void> serverSettingsWritten = new CompletableFuture<>();
    serverChannel = startScriptedServer(address, serverSettingsWritten);
    gate = new Gate(serverSettingsWritten);

    holdEveryClientLoop();
    NettyConnector connector = NettyConnector.forAddress(address).pipelineCustomizer(ch -> {
      // Runs on this thread inside connect(), before the HTTP/2 handler is added.
      ch.pipeline().addLast("gate", gate);
      loopsHeld.countDown();
      await(gate.entered, "the loop to add the gate inside the registration");
    }).build();
    client = connector.connect();
    gate.release.countDown(); // the HTTP/2 handler's add is queued, the listener attached

    CompletableFuture<ConnectivityState> settled = new CompletableFuture<>();
    client.performTransportOp(new TransportOp.WatchConnectivity((state, reason) -> {
      if (state == ConnectivityState.READY || state == ConnectivityState.SHUTDOWN) {
        settled.complete(state);
      }
    }));
    assertThat(settled.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .as("client connectivity once the server's SETTINGS should have been applied")
        .isEqualTo(ConnectivityState.READY);
  }

  /** Holds every loop of the in-memory group until the customizer has added the gate. */
  private void holdEveryClientLoop() {
    for (EventExecutor loop : EventLoops.local()) {
      loop.execute(() -> awaitUninterruptibly(loopsHeld));
    }
  }

  /**
   * A server that writes its SETTINGS as soon as its channel is set up (as ours does) and
   * acknowledges the client's SETTINGS when the client's first bytes arrive.
   */
  private Channel startScriptedServer(SocketAddress address, CompletableFuture<Void> written) {
    return new ServerBootstrap().group(serverGroup).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              private boolean acked;

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                if (!acked) {
                  acked = true;
                  ByteBuf ack = Unpooled.buffer();
                  new FrameWriter().settingsAck(ack);
                  ctx.writeAndFlush(ack);
                }
              }
            });
            ByteBuf settings = Unpooled.buffer();
            new FrameWriter().settings(settings, new Http2Settings());
            // The child is registered and connected here: the bytes go into the client's
            // inbound queue before this returns.
            ch.writeAndFlush(settings);
            written.complete(null);
          }
        }).bind(address).syncUninterruptibly().channel();
  }

  /**
   * The customizer's handler. Added inside the registration, it holds the loop there until the
   * caller has finished connect(); if the connection is started within the registration it then
   * waits for the server's SETTINGS to be queued, so the registration finds them.
   */
  private static final class Gate extends ChannelDuplexHandler {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Void> serverSettingsWritten;
    private boolean connectStarted;

    Gate(CompletableFuture<Void> serverSettingsWritten) {
      this.serverSettingsWritten = serverSettingsWritten;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      entered.countDown();
      awaitUninterruptibly(release);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local,
        ChannelPromise promise) {
      connectStarted = true;
      ctx.connect(remote, local, promise);
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
      if (connectStarted) {
        // Started inside the registration: let the server's bytes arrive before it goes on.
        serverSettingsWritten.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
      }
      ctx.fireChannelRegistered();
    }
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as(what).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
