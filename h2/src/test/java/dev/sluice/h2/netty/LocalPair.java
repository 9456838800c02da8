package dev.sluice.h2.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory client and echo server, each with an optional {@link FaultInjection} in front.
 * The server records the size of each read it gets (right behind its FaultInjection, so these are
 * exact) and writes it back; the client records the bytes it reads. Netty 4.2's LocalChannel
 * merges queued buffers like a socket, so the client's read sizes are not deterministic.
 */
final class LocalPair implements AutoCloseable {

  final Channel server;
  final Channel client;
  final CompletableFuture<Channel> accepted = new CompletableFuture<>();
  final BlockingQueue<byte[]> serverReads = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> clientReads = new LinkedBlockingQueue<>();
  final CompletableFuture<Void> clientInactive = new CompletableFuture<>();

  private LocalPair(FaultInjection.Builder serverFaults, FaultInjection.Builder clientFaults)
      throws InterruptedException {
    LocalAddress address = new LocalAddress("pair-" + UUID.randomUUID());
    server = new ServerBootstrap()
        .group(EventLoops.local())
        .channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (serverFaults != null) {
              ch.pipeline().addLast(serverFaults.build());
            }
            ch.pipeline().addLast(new Echo());
            accepted.complete(ch);
          }
        })
        .bind(address).sync().channel();
    client = new Bootstrap()
        .group(EventLoops.local())
        .channel(LocalChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (clientFaults != null) {
              ch.pipeline().addLast(clientFaults.build());
            }
            ch.pipeline().addLast(new Recorder());
          }
        })
        .connect(address).sync().channel();
  }

  static LocalPair start(FaultInjection.Builder serverFaults, FaultInjection.Builder clientFaults)
      throws InterruptedException {
    return new LocalPair(serverFaults, clientFaults);
  }

  Channel awaitAccepted() throws Exception {
    return accepted.get(30, TimeUnit.SECONDS);
  }

  /** The sizes of the server's reads until {@code total} bytes have arrived. */
  List<Integer> serverReadSizes(int total) throws InterruptedException {
    return sizes(serverReads, total);
  }

  /** The bytes the client reads until {@code total} have arrived. */
  byte[] clientBytes(int total) throws InterruptedException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (all.size() < total) {
      byte[] read = clientReads.poll(30, TimeUnit.SECONDS);
      if (read == null) {
        throw new AssertionError("only " + all.size() + " of " + total + " bytes arrived");
      }
      all.writeBytes(read);
    }
    return all.toByteArray();
  }

  private static List<Integer> sizes(BlockingQueue<byte[]> reads, int total)
      throws InterruptedException {
    List<Integer> sizes = new ArrayList<>();
    int seen = 0;
    while (seen < total) {
      byte[] read = reads.poll(30, TimeUnit.SECONDS);
      if (read == null) {
        throw new AssertionError("only " + seen + " of " + total + " bytes arrived");
      }
      sizes.add(read.length);
      seen += read.length;
    }
    return sizes;
  }

  /** All bytes the client reads until its channel closes. */
  byte[] readUntilClosed() throws Exception {
    clientInactive.get(30, TimeUnit.SECONDS);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] read : clientReads) {
      all.writeBytes(read);
    }
    return all.toByteArray();
  }

  @Override
  public void close() throws InterruptedException {
    client.close().sync();
    server.close().sync();
  }

  private final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      serverReads.add(ByteBufUtil.getBytes(buf));
      ctx.writeAndFlush(buf);
    }
  }

  private final class Recorder extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      clientReads.add(ByteBufUtil.getBytes(buf));
      buf.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      clientInactive.complete(null);
    }
  }
}
