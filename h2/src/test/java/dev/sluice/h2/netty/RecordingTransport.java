package dev.sluice.h2.netty;

import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for {@code H2Transport} while the HTTP/2 connection is being written: like the real
 * one it puts a handler at the end of the pipeline, which records the handshake, activity and
 * close; {@link #close} records its status.
 */
final class RecordingTransport implements Transport {

  static final String HANDLER = "recording-transport";

  final Channel channel;
  final boolean client;
  /** The handshake's outcome; completes only on channels with an SslHandler. */
  final CompletableFuture<SslHandshakeCompletionEvent> handshake = new CompletableFuture<>();
  final CompletableFuture<Void> active = new CompletableFuture<>();
  final CompletableFuture<Void> inactive = new CompletableFuture<>();
  final CompletableFuture<Status> closed = new CompletableFuture<>();
  /** The pipeline's handler names when this transport was made. */
  final List<String> pipelineAtCreation;
  final Thread creationThread = Thread.currentThread();

  RecordingTransport(Channel channel, boolean client) {
    this.channel = channel;
    this.client = client;
    channel.pipeline().addLast(HANDLER, new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        active.complete(null);
        ctx.fireChannelActive();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        inactive.complete(null);
        ctx.fireChannelInactive();
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
          handshake.complete(e);
        }
        ctx.fireUserEventTriggered(evt);
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Handshake failures also arrive here; the completion event already recorded them.
        ctx.close();
      }
    });
    this.pipelineAtCreation = List.copyOf(channel.pipeline().names());
  }

  /** The negotiated ALPN protocol after a successful handshake. */
  String applicationProtocol() {
    return channel.pipeline().get(SslHandler.class).applicationProtocol();
  }

  SslHandshakeCompletionEvent awaitHandshake() throws Exception {
    return handshake.get(30, TimeUnit.SECONDS);
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public boolean isClient() {
    return client;
  }

  @Override
  public TransportStream initStream(CallHead head) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void performStreamOp(TransportStream stream, StreamOpBatch batch) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void destroyStream(TransportStream stream) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void performTransportOp(TransportOp op) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void shutdown(Status status) {
    close(status);
  }

  @Override
  public void close(Status status) {
    closed.complete(status);
    channel.close();
  }

  @Override
  public CompletableFuture<Void> terminationFuture() {
    return inactive;
  }

  @Override
  public Endpoint endpoint() {
    return new ChannelEndpoint(channel);
  }
}
