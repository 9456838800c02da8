package dev.sluice.h2.netty;

import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Turns away a connection the listener has no room for ({@link
 * NettyServerListener.Builder#maxConnections}) in words a gRPC client understands: our SETTINGS
 * (the server preface, RFC 9113 §3.4) and a GOAWAY with last stream id 0, ENHANCE_YOUR_CALM and
 * a debug text that says why, then close. Calls the client started fail UNAVAILABLE as
 * unprocessed, so they may go to another server. With TLS it waits for the handshake, so the
 * frames are readable; whatever the client sends is dropped.
 */
final class ConnectionRefusal extends ChannelInboundHandlerAdapter {

  private final String reason;
  private boolean sent;

  ConnectionRefusal(String reason) {
    this.reason = reason;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive() && ctx.pipeline().get(SslHandler.class) == null) {
      refuse(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (ctx.pipeline().get(SslHandler.class) == null) {
      refuse(ctx);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent e) {
      if (e.isSuccess()) {
        refuse(ctx);
      } else {
        ctx.close();
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  private void refuse(ChannelHandlerContext ctx) {
    if (sent) {
      return;
    }
    sent = true;
    FrameWriter writer = new FrameWriter();
    ByteBuf out = ctx.alloc().buffer();
    writer.settings(out, new Http2Settings());
    writer.goAway(out, 0, Http2ErrorCode.ENHANCE_YOUR_CALM,
        Unpooled.wrappedBuffer(reason.getBytes(StandardCharsets.UTF_8)));
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }
}
