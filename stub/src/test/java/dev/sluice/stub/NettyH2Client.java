package dev.sluice.stub;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client built on Netty's own codec, independent of Sluice's: it sends one gRPC request
 * per call and records every frame the server answers on that stream, so a test sees the
 * response's exact shape (one HEADERS with END_STREAM for trailers-only, say). Netty joins
 * CONTINUATION frames to their HEADERS, so a recorded HEADERS is one header block.
 */
final class NettyH2Client implements AutoCloseable {

  /** One frame the server sent on the stream. */
  sealed interface Frame {}

  /** A HEADERS block: its fields (pseudo-headers included) and whether it ended the stream. */
  record Headers(Map<String, String> fields, boolean endStream) implements Frame {}

  /** A DATA frame. */
  record Data(int length, boolean endStream) implements Frame {}

  /** RST_STREAM. */
  record Reset(long errorCode) implements Frame {}

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final io.netty.channel.Channel connection;

  NettyH2Client(InetSocketAddress server) throws InterruptedException {
    connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect(server).sync().channel();
  }

  /**
   * Sends a unary request for {@code path} with {@code message} (UTF-8) and half-closes; returns
   * the frames of the response, complete once one ends the stream or resets it.
   */
  List<Frame> unary(String path, String message, long timeoutSeconds) throws Exception {
    CompletableFuture<List<Frame>> done = new CompletableFuture<>();
    List<Frame> frames = new ArrayList<>();
    Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
        .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end;
            if (frame instanceof Http2HeadersFrame h) {
              frames.add(new Headers(fieldsOf(h.headers()), h.isEndStream()));
              end = h.isEndStream();
            } else if (frame instanceof Http2DataFrame d) {
              frames.add(new Data(d.content().readableBytes(), d.isEndStream()));
              end = d.isEndStream();
            } else if (frame instanceof Http2ResetFrame r) {
              frames.add(new Reset(r.errorCode()));
              end = true;
            } else {
              end = false;
            }
            if (end) {
              done.complete(List.copyOf(frames));
            }
          }

          @Override
          public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new IllegalStateException(
                "The stream closed before it ended; frames so far: " + frames));
          }
        })
        .open().sync().getNow();
    Http2Headers request = new DefaultHttp2Headers().method("POST").scheme("http").path(path)
        .authority("localhost").add("content-type", "application/grpc").add("te", "trailers");
    stream.write(new DefaultHttp2HeadersFrame(request, false));
    stream.writeAndFlush(new DefaultHttp2DataFrame(grpcMessage(message), true));
    return done.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** gRPC's length-prefixed message: uncompressed flag, 4-byte length, the bytes. */
  private static ByteBuf grpcMessage(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    return Unpooled.buffer(5 + bytes.length).writeByte(0).writeInt(bytes.length).writeBytes(bytes);
  }

  private static Map<String, String> fieldsOf(Http2Headers headers) {
    Map<String, String> fields = new TreeMap<>();
    headers.forEach(e -> fields.put(e.getKey().toString(), e.getValue().toString()));
    return fields;
  }

  @Override
  public void close() throws InterruptedException {
    connection.close().sync();
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
  }
}
