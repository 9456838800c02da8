package dev.sluice.bench.compare;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Writes every buffer it reads straight back, unchanged and in order, and flushes once per read
 * batch. It parses nothing and copies nothing: the buffer the socket filled is the one written.
 *
 * <p>Back-pressure: when the echo waiting for the socket passes Netty's high water mark, the
 * channel stops reading, so a client that sends faster than it reads fills its own socket
 * buffers rather than this server's memory; reading resumes once the backlog is below the low
 * water mark.
 *
 * <p>Stateless, so one instance serves every connection; each call is on that connection's
 * event loop.
 */
@Sharable
final class FloorEchoHandler extends ChannelInboundHandlerAdapter {

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // The write releases msg once the socket has taken it, or when it fails.
    ctx.write(msg, ctx.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    if (!ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A client that stops mid-run resets its connection; that ends this echo and nothing else.
    ctx.close();
  }
}
