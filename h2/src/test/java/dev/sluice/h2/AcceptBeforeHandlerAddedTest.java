package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.h2.frame.FrameFlags;
import dev.sluice.h2.frame.FrameType;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's side of {@link ConnectBeforeHandlerAddedTest}: an accepted channel's pipeline is
 * built inside its registration, on its own loop, before the channel first reads, so a client's
 * first bytes are never read past handlers that are not there yet.
 *
 * <p>The test makes the client's bytes come as early as they can: the server's pipeline
 * customizer (which runs while the accepted channel's pipeline is built) waits until a scripted
 * client has written its preface and SETTINGS into that channel's inbound queue. The server must
 * still answer them with its own SETTINGS and then a SETTINGS ACK.
 */
class AcceptBeforeHandlerAddedTest {

  private static final long WAIT_SECONDS = 10;

  /** The scripted client runs on a group of its own, so it can write while the server waits. */
  private final EventLoopGroup clientGroup =
      new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final CompletableFuture<Void> clientWrote = new CompletableFuture<>();
  private final List<Transport> serverTransports = new CopyOnWriteArrayList<>();
  private NettyServerListener listener;
  private Channel client;

  @AfterEach
  void tearDown() throws Exception {
    clientWrote.complete(null); // never leave a server loop waiting
    if (client != null) {
      client.close().syncUninterruptibly();
    }
    for (Transport t : serverTransports) {
      t.close(Status.UNAVAILABLE.withDescription("test over"));
      t.terminationFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    if (listener != null) {
      listener.shutdown();
      listener.terminationFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
    clientGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void clientBytesQueuedWhileThePipelineIsBuilt_serverReadsThemAndAcknowledges()
      throws Exception {
    LocalAddress address = new LocalAddress("accept-order-" + UUID.randomUUID());
    listener = NettyServerListener.forAddress(address)
        .pipelineCustomizer(ch -> clientWrote.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join())
        .build();
    listener.start(serverTransports::add);
    ServerFrames frames = new ServerFrames();

    client = new Bootstrap().group(clientGroup).channel(LocalChannel.class).handler(frames)
        .connect(address).syncUninterruptibly().channel();

    assertThat(frames.awaitSettingsAck())
        .as("frames from the server, as (type, flags)").startsWith(
            List.of(FrameType.SETTINGS, 0))
        .contains(List.of(FrameType.SETTINGS, FrameFlags.ACK));
  }

  /**
   * The scripted client: writes the preface and empty SETTINGS as soon as it is connected, then
   * notes the type and flags of each frame the server sends until a SETTINGS ACK arrives.
   */
  private final class ServerFrames extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<List<List<Integer>>> settingsAcked = new CompletableFuture<>();
    private final List<List<Integer>> seen = new CopyOnWriteArrayList<>();
    private final ByteBuf pending = Unpooled.buffer();

    List<List<Integer>> awaitSettingsAck() throws Exception {
      try {
        return settingsAcked.get(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("no SETTINGS ACK from the server within " + WAIT_SECONDS
            + " s, so it never read our preface and SETTINGS; frames so far, as (type, flags): "
            + seen, e);
      }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ByteBuf out = ctx.alloc().buffer();
      FrameWriter writer = new FrameWriter();
      writer.clientPreface(out);
      writer.settings(out, new Http2Settings());
      // Complete once the bytes sit in the server channel's inbound queue.
      ctx.writeAndFlush(out).addListener(f -> clientWrote.complete(null));
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        pending.writeBytes((ByteBuf) msg);
      } finally {
        ReferenceCountUtil.release(msg);
      }
      while (pending.readableBytes() >= 9
          && pending.readableBytes() >= 9 + pending.getUnsignedMedium(pending.readerIndex())) {
        int length = pending.readUnsignedMedium();
        int type = pending.readUnsignedByte();
        int flags = pending.readUnsignedByte();
        pending.skipBytes(4 + length); // stream id, payload
        seen.add(List.of(type, flags));
        if (type == FrameType.SETTINGS && (flags & FrameFlags.ACK) != 0) {
          settingsAcked.complete(List.copyOf(seen));
        }
      }
      pending.discardReadBytes();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      settingsAcked.completeExceptionally(
          new AssertionError("server closed the connection; frames so far " + seen));
      pending.release();
      ctx.fireChannelInactive();
    }
  }
}
