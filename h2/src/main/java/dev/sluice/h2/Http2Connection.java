package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.frame.FrameLog;
import dev.sluice.h2.frame.FrameReader;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.ReaderLimits;
import dev.sluice.h2.grpc.RequestHeaders;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TlsInfo;
import dev.sluice.transport.TransportOp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.Ticker;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP/2 connection carrying gRPC calls: the analog of the C core's chttp2 transport. A Netty
 * handler at the end of the channel's pipeline; everything in it runs on the channel's event
 * loop, apart from {@link #endpoint} and the fields set before the channel is used.
 *
 * <p>This class is the Netty handler: it starts the connection when the channel (or its TLS
 * handshake) is ready, reads bytes into the {@link FrameReader}, turns protocol errors into
 * RST_STREAM or GOAWAY, and takes the commands of {@link H2Transport}. The rest is done by the
 * parts it holds, each with one job:
 *
 * <ul>
 *   <li>{@link ConnectionStart}: preface, SETTINGS, the SETTINGS ack timeout, keepalive;
 *   <li>{@link FrameDispatcher}: each incoming frame to the part that handles it; SETTINGS and
 *       GOAWAY from the peer;
 *   <li>{@link StreamRegistry}: open, waiting and live streams, stream ids, concurrency limits;
 *   <li>{@link StreamOps}: a batch's ops into a stream's slots, and receive callbacks out;
 *   <li>{@link OutboundPath} and {@link HeaderBlockWriter}: HEADERS, DATA within the windows,
 *       trailers;
 *   <li>{@link InboundHeaders}: request and response headers and trailers, as gRPC maps them;
 *   <li>{@link InboundData}: DATA, receive windows and their credit, BDP;
 *   <li>{@link StreamCloser}: END_STREAM, RST_STREAM, stream errors, cancels;
 *   <li>{@link FrameOutput}: one buffer and one flush per event-loop turn, control-reply flood
 *       guard;
 *   <li>{@link ConnectionEnd}: graceful shutdown, GOAWAY, close, connection errors;
 *   <li>{@link Pings}: pings and the ping-strike policy;
 *   <li>{@link KeepAlivePinger}: keepalive pings (gRFC A8, A9);
 *   <li>{@link ConnectionLifetime}: a server's idle and age limits (gRFC A9).
 * </ul>
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

  private static final Logger log = System.getLogger("dev.sluice.h2");

  final boolean client;
  final H2Config config;
  final String scheme;
  final String defaultAuthority;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  final ConnectivityTracker connectivity = new ConnectivityTracker();

  private H2Transport transport;
  Channel channel;
  private ChannelHandlerContext ctx;
  ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  final FrameWriter writer = new FrameWriter();
  private FrameReader reader;
  private final FrameDispatcher dispatcher;
  /** The frame log of each direction; null unless it was at DEBUG when the handler was added. */
  private FrameLogTap inboundLog;
  FrameLogTap outboundLog;

  // The parts; they reach each other through these fields.
  final FrameOutput output;
  final ConnectionStart start;
  final ConnectionEnd end;
  final Pings pings;
  final StreamRegistry streams;
  final StreamOps ops;
  final HeaderBlockWriter headerBlocks;
  final OutboundPath outbound;
  final InboundHeaders inHeaders;
  final InboundData inData;
  final StreamCloser closer;
  /** Keepalive pings, or null when they are off. */
  final KeepAlivePinger keepAlive;
  /** A server's idle and age limits, or null on a client or when neither is set. */
  final ConnectionLifetime lifetime;
  private Ticker ticker = Ticker.systemTicker();
  /** Told when the server says too_many_pings; set before the connection starts. */
  volatile Runnable onTooManyPings = () -> {};
  /** Client: the {@code user-agent} of every request (set before the first one). */
  volatile HeaderField userAgent = RequestHeaders.userAgent(null);

  Http2Connection(boolean client, H2Config config, String scheme, String authority) {
    this.client = client;
    this.config = config;
    this.scheme = scheme;
    this.defaultAuthority = authority;
    this.output = new FrameOutput(this);
    this.start = new ConnectionStart(this);
    this.end = new ConnectionEnd(this);
    this.pings = new Pings(this);
    this.dispatcher = new FrameDispatcher(this);
    this.streams = new StreamRegistry(this);
    this.ops = new StreamOps(this);
    this.headerBlocks = new HeaderBlockWriter(this);
    this.outbound = new OutboundPath(this);
    this.inHeaders = new InboundHeaders(this);
    this.inData = new InboundData(this);
    this.closer = new StreamCloser(this);
    // A server pings whether or not calls are open (gRFC A9); a client only if allowed (A8).
    this.keepAlive = config.keepAliveTime() == null ? null : new KeepAlivePinger(this,
        config.keepAliveTime(), config.keepAliveTimeout(),
        !client || config.keepAliveWithoutCalls());
    boolean limited = config.maxConnectionIdle() != null || config.maxConnectionAge() != null;
    this.lifetime = !client && limited ? new ConnectionLifetime(this) : null;
  }

  // ---------------------------------------------------------------- wiring

  void attach(H2Transport transport, Channel channel) {
    this.transport = transport;
    this.channel = channel;
    if (channel.eventLoop() instanceof AbstractScheduledEventExecutor e) {
      this.ticker = e.ticker(); // the loop's scheduler clock: virtual on an embedded channel
    }
    connectivity.set(ConnectivityState.CONNECTING, Status.OK);
    channel.closeFuture().addListener(f -> channel.eventLoop().execute(this::onChannelClosed));
    channel.pipeline().addLast("sluice-h2", this);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.alloc = ctx.alloc();
    this.reader = client
        ? FrameReader.forClient(dispatcher, alloc, limits())
        : FrameReader.forServer(dispatcher, alloc, limits());
    String name = (client ? "client " : "server ") + ctx.channel().id().asShortText();
    this.inboundLog = FrameLogTap.create(FrameLog.Direction.INBOUND, !client, name);
    this.outboundLog = FrameLogTap.create(FrameLog.Direction.OUTBOUND, client, name);
    if (ctx.channel().isActive() && ctx.pipeline().get(SslHandler.class) == null) {
      start.start();
    }
  }

  private ReaderLimits limits() {
    // Raw header blocks may be 1.25x the decoded limit: HPACK rarely inflates that much.
    int blockBytes = Math.max(ReaderLimits.DEFAULT.maxHeaderBlockBytes(),
        config.maxHeaderListSize() + config.maxHeaderListSize() / 4);
    return ReaderLimits.DEFAULT.withMaxHeaderBlockBytes(blockBytes);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (ctx.pipeline().get(SslHandler.class) == null) {
      start.start();
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent e) {
      if (!e.isSuccess()) {
        end.close(Status.UNAVAILABLE.withDescription("TLS handshake failed: " + e.cause())
            .withCause(e.cause()));
        return;
      }
      String protocol = ctx.pipeline().get(SslHandler.class).applicationProtocol();
      if (!"h2".equals(protocol)) {
        end.close(Status.UNAVAILABLE.withDescription(
            "TLS peer did not agree on HTTP/2 (ALPN chose " + protocol + ", not h2)"));
        return;
      }
      start.start();
    }
    ctx.fireUserEventTriggered(evt);
  }

  // ---------------------------------------------------------------- inbound bytes

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (end.isClosing() && reader == null) {
        return;
      }
      if (!start.hasStarted() && ctx.pipeline().get(SslHandler.class) == null) {
        // Bytes can arrive before channelActive (an in-memory channel delivers its peer's first
        // write that way): our preface and SETTINGS must still be the first frames we send, ahead
        // of the SETTINGS ACK that reading the peer's SETTINGS writes (RFC 9113 §3.4).
        start.start();
      }
      if (keepAlive != null) {
        keepAlive.onRead();
      }
      if (inboundLog != null) {
        inboundLog.onBytes(buf);
      }
      readFrames(buf);
    } finally {
      buf.release();
    }
  }

  private void readFrames(ByteBuf buf) {
    while (true) {
      try {
        reader.read(buf);
        return;
      } catch (Http2Exception e) {
        if (e.isConnectionError()) {
          end.connectionError(e.code(), e.getMessage());
          return;
        }
        // A stream error consumed its frame: reset that stream and read on (RFC 9113 §5.4.2).
        closer.streamError(e.streamId(), e.code(), e.getMessage());
        if (end.isClosing()) {
          return; // too many stream errors: the connection ended
        }
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    outbound.flushQueued();
    output.flushNow();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      output.onWritable();
      outbound.flushAllStreams();
      output.flushNow();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.log(Level.DEBUG, () -> "I/O error on " + ctx.channel(), cause);
    if (end.isClosing() || cause instanceof ClosedChannelException) {
      // A write raced the peer's close: the close itself says what happened.
      return;
    }
    end.close(Status.UNAVAILABLE.withDescription("Connection failed: " + cause).withCause(cause));
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  // ---------------------------------------------------------------- settings and pings

  /** The peer acknowledged our SETTINGS: larger frames may come from now on. */
  void onSettingsAck() {
    start.onSettingsAck();
    reader.maxFrameSize(config.maxFrameSize());
  }

  void onPeerSettingsApplied() {
    connectivity.set(ConnectivityState.READY, Status.OK);
  }

  // ---------------------------------------------------------------- commands from H2Transport

  H2Stream newClientStream(CallHead head) {
    return streams.newClientStream(head);
  }

  void performStreamOp(H2Stream s, StreamOpBatch batch) {
    ops.perform(s, batch);
  }

  void destroyStream(H2Stream s) {
    ops.destroy(s);
  }

  void performTransportOp(TransportOp op) {
    if (op instanceof TransportOp.SetAcceptStream a) {
      inHeaders.setAcceptor(a.acceptor());
    } else if (op instanceof TransportOp.Ping p) {
      if (end.isClosing()) {
        p.callback().failed(Status.UNAVAILABLE.withDescription("Transport is closed"));
      } else {
        start.runWhenStarted(() -> pings.send(p.callback()));
      }
    } else if (op instanceof TransportOp.Goaway g) {
      end.shutdown(g.status());
    } else if (op instanceof TransportOp.WatchConnectivity w) {
      connectivity.watch(w.watcher());
    } else if (op instanceof TransportOp.StopWatch w) {
      connectivity.unwatch(w.watcher());
    } else if (op instanceof TransportOp.Disconnect d) {
      end.close(d.status());
    }
  }

  /** True once our preface and SETTINGS are out (after the TLS handshake, if any). */
  boolean isStarted() {
    return start.hasStarted() && !end.isClosing();
  }

  private void onChannelClosed() {
    Status s = end.onChannelClosed(Status.UNAVAILABLE.withDescription(start.hasStarted()
        ? "Connection to " + peer() + " closed"
        : "Could not connect to " + peer()));
    closer.closeAll(s);
    pings.failAll(s);
    output.releaseAll();
    if (reader != null) {
      reader.close();
    }
    streams.releaseAll();
    termination.complete(null);
  }

  // ---------------------------------------------------------------- facts

  /** Now, on the clock the event loop schedules by (virtual on an embedded channel). */
  long nanoTime() {
    return ticker.nanoTime();
  }

  /** A stream opened on the wire. */
  void onStreamOpened() {
    if (keepAlive != null) {
      keepAlive.onStreamOpened();
    }
  }

  /** The last open stream closed. */
  void onStreamsIdle() {
    if (lifetime != null) {
      lifetime.onIdle();
    }
  }

  CompletableFuture<Void> terminationFuture() {
    return termination;
  }

  H2Transport transport() {
    return transport;
  }

  String peer() {
    SocketAddress a = channel == null ? null : channel.remoteAddress();
    return a == null ? String.valueOf(defaultAuthority) : a.toString();
  }

  private volatile Endpoint endpoint; // made once on first use; any thread may ask

  Endpoint endpoint() {
    if (endpoint == null) {
      endpoint = newEndpoint();
    }
    return endpoint;
  }

  private Endpoint newEndpoint() {
    Channel ch = channel;
    return new Endpoint() {
      @Override
      public SocketAddress localAddress() {
        return ch.localAddress();
      }

      @Override
      public SocketAddress remoteAddress() {
        return ch.remoteAddress();
      }

      @Override
      public String peer() {
        return Http2Connection.this.peer();
      }

      @Override
      public boolean isSecure() {
        return ch.pipeline().get(SslHandler.class) != null;
      }

      @Override
      public TlsInfo tls() {
        return TlsSessions.of(ch, client, defaultAuthority);
      }
    };
  }
}
