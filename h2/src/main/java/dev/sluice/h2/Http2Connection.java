package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.frame.FrameReader;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.frame.ReaderLimits;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Endpoint;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportOp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One HTTP/2 connection carrying gRPC calls: the analog of the C core's chttp2 transport. A Netty
 * handler at the end of the channel's pipeline; everything in it runs on the channel's event
 * loop.
 *
 * <p>The layers: {@link FrameReader}/{@link FrameWriter} (frames) → this class (connection rules:
 * preface and SETTINGS, stream ids and states, flow control, pings, GOAWAY, limits) → {@link
 * StreamEngine} (per-stream gRPC semantics: the op slots of DATA and HEADERS). Outgoing frames are
 * written into one buffer and flushed once per event-loop turn.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

  private static final Logger log = Logger.getLogger(Http2Connection.class.getName());

  final boolean client;
  final H2Config config;
  final String scheme;
  final String defaultAuthority;
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private final ConnectivityTracker connectivity = new ConnectivityTracker();

  private H2Transport transport;
  Channel channel;
  private ChannelHandlerContext ctx;
  ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
  final FrameWriter writer = new FrameWriter();
  private FrameReader reader;
  StreamEngine engine;
  private final FrameDispatcher dispatcher;

  private ByteBuf out;
  /** Buffers of this turn closed for writing, in order, ahead of {@link #out}. */
  private final ArrayDeque<ByteBuf> sealed = new ArrayDeque<>(4);
  /** The last write handed to Netty: a graceful close waits for it. */
  private io.netty.channel.ChannelFuture lastWrite;
  private boolean flushScheduled;
  private boolean started;
  /** Control-frame replies produced while the peer was not reading (flood guard). */
  private int queuedControlReplies;
  private ScheduledFuture<?> settingsTimer;
  private ScheduledFuture<?> keepAliveTimer;
  private ScheduledFuture<?> gracefulTimer;
  final Pings pings;

  /** Work asked for before our preface went out; runs right after it. */
  private final java.util.ArrayList<Runnable> afterStart = new java.util.ArrayList<>();
  private boolean goawaySent;
  /** Set by any thread the moment shutdown or close is asked for. */
  private volatile boolean shutdownRequested;
  private boolean shuttingDown;
  private boolean closing;
  private Status closeStatus;

  Http2Connection(boolean client, H2Config config, String scheme, String authority) {
    this.client = client;
    this.config = config;
    this.scheme = scheme;
    this.defaultAuthority = authority;
    this.pings = new Pings(this);
    this.dispatcher = new FrameDispatcher(this);
  }

  // ---------------------------------------------------------------- wiring

  void attach(H2Transport transport, Channel channel) {
    this.transport = transport;
    this.channel = channel;
    this.engine = new StreamEngine(this);
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
    if (ctx.channel().isActive() && ctx.pipeline().get(SslHandler.class) == null) {
      start();
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
      start();
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent e) {
      if (!e.isSuccess()) {
        close(Status.UNAVAILABLE.withDescription("TLS handshake failed: " + e.cause())
            .withCause(e.cause()));
        return;
      }
      String protocol = ctx.pipeline().get(SslHandler.class).applicationProtocol();
      if (!"h2".equals(protocol)) {
        close(Status.UNAVAILABLE.withDescription(
            "TLS peer did not agree on HTTP/2 (ALPN chose " + protocol + ", not h2)"));
        return;
      }
      start();
    }
    ctx.fireUserEventTriggered(evt);
  }

  /** Sends our preface and SETTINGS; the connection is usable from here on. */
  private void start() {
    if (started || closing) {
      return;
    }
    started = true;
    ByteBuf o = out();
    if (client) {
      writer.clientPreface(o);
    }
    Http2Settings s = new Http2Settings()
        .put(Http2Settings.INITIAL_WINDOW_SIZE, config.initialStreamWindow())
        .put(Http2Settings.MAX_HEADER_LIST_SIZE, config.maxHeaderListSize());
    if (client) {
      s.put(Http2Settings.ENABLE_PUSH, 0);
    } else {
      s.put(Http2Settings.MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams());
    }
    if (config.maxFrameSize() != Http2Settings.MIN_MAX_FRAME_SIZE) {
      s.put(Http2Settings.MAX_FRAME_SIZE, config.maxFrameSize());
    }
    writer.settings(o, s);
    int connIncrement = engine.growConnectionWindow(config.connectionWindow());
    if (connIncrement > 0) {
      writer.windowUpdate(o, 0, connIncrement);
    }
    settingsTimer = ctx.executor().schedule(() -> connectionError(Http2ErrorCode.SETTINGS_TIMEOUT,
        "The peer did not acknowledge our SETTINGS within " + config.settingsAckTimeout()),
        config.settingsAckTimeout().toNanos(), TimeUnit.NANOSECONDS);
    if (client && config.keepAliveTime() != null) {
      scheduleKeepAlive();
    }
    for (Runnable r : afterStart) {
      r.run();
    }
    afterStart.clear();
    flushNow();
    engine.startWaitingStreams();
  }

  // ---------------------------------------------------------------- inbound bytes

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (closing && reader == null) {
        return;
      }
      if (!started && ctx.pipeline().get(SslHandler.class) == null) {
        // Bytes can arrive before channelActive (an in-memory channel delivers its peer's first
        // write that way): our preface and SETTINGS must still be the first frames we send, ahead
        // of the SETTINGS ACK that reading the peer's SETTINGS writes (RFC 9113 §3.4).
        start();
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
          connectionError(e.code(), e.getMessage());
          return;
        }
        // A stream error consumed its frame: reset that stream and read on (RFC 9113 §5.4.2).
        engine.streamError(e.streamId(), e.code(), e.getMessage());
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flushNow();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      queuedControlReplies = 0;
      ctx.channel().config().setAutoRead(true);
      engine.flushAllStreams();
      flushNow();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.log(Level.FINE, "I/O error on " + ctx.channel(), cause);
    if (closing || cause instanceof java.nio.channels.ClosedChannelException) {
      // A write raced the peer's close: the close itself says what happened.
      return;
    }
    close(Status.UNAVAILABLE.withDescription("Connection failed: " + cause).withCause(cause));
  }

  // ---------------------------------------------------------------- outbound bytes

  /** The buffer frames of this turn go into. */
  ByteBuf out() {
    if (out == null) {
      out = alloc.buffer(1024);
    }
    scheduleFlush();
    return out;
  }

  private void scheduleFlush() {
    if (!flushScheduled && channel != null) {
      flushScheduled = true;
      channel.eventLoop().execute(this::flushNow);
    }
  }

  /**
   * Queues {@code payload} (the caller passes its reference) to be written after everything this
   * turn has produced so far, as it is: large DATA payloads reach the socket without being copied
   * into the turn's buffer. Frames written after it go into a new buffer.
   */
  void appendPayload(ByteBuf payload) {
    if (out != null && out.isReadable()) {
      sealed.add(out);
      out = null;
    }
    sealed.add(payload);
    scheduleFlush();
  }

  /** Writes and flushes everything this turn produced: one flush, one gathering write. */
  void flushNow() {
    flushScheduled = false;
    if (ctx == null || (out == null && sealed.isEmpty())) {
      return;
    }
    boolean active = channel.isActive();
    boolean wrote = false;
    ByteBuf b;
    while ((b = sealed.poll()) != null) {
      wrote |= write(b, active);
    }
    ByteBuf o = out;
    out = null;
    if (o != null) {
      wrote |= write(o, active);
    }
    if (wrote) {
      ctx.flush();
    }
  }

  private boolean write(ByteBuf b, boolean active) {
    if (!active || !b.isReadable()) {
      b.release();
      return false;
    }
    lastWrite = ctx.write(b);
    lastWrite.addListener(onWritten);
    return true;
  }

  /** Any failed write fails the connection. */
  private final io.netty.channel.ChannelFutureListener onWritten = f -> {
    if (!f.isSuccess()) {
      exceptionCaught(ctx, f.cause());
    }
  };

  boolean isWritable() {
    return channel.isWritable();
  }

  /**
   * Counts a reply the peer's frame forced us to write (PING or SETTINGS ACK, RST_STREAM). A peer
   * that floods us with such frames while not reading our replies is cut off; until then we stop
   * reading from it, so replies cannot pile up.
   */
  boolean countControlReply() {
    if (channel.isWritable()) {
      return true;
    }
    channel.config().setAutoRead(false);
    if (++queuedControlReplies > config.maxQueuedControlFrames()) {
      connectionError(Http2ErrorCode.ENHANCE_YOUR_CALM, "Too many control frames queued ("
          + queuedControlReplies + ") for a peer that does not read");
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- settings and pings

  void onSettingsAck() {
    if (settingsTimer != null) {
      settingsTimer.cancel(false);
      settingsTimer = null;
    }
    reader.maxFrameSize(config.maxFrameSize());
  }

  void onPeerSettingsApplied() {
    connectivity.set(ConnectivityState.READY, Status.OK);
  }

  private void scheduleKeepAlive() {
    long nanos = config.keepAliveTime().toNanos();
    keepAliveTimer = ctx.executor().schedule(() -> {
      if (closing) {
        return;
      }
      pings.sendKeepAlive(config.keepAliveTimeout().toNanos());
      scheduleKeepAlive();
    }, nanos, TimeUnit.NANOSECONDS);
  }

  // ---------------------------------------------------------------- commands from H2Transport

  H2Stream newClientStream(CallHead head) {
    return engine.newClientStream(head);
  }

  void performStreamOp(H2Stream s, StreamOpBatch batch) {
    engine.perform(s, batch);
  }

  void destroyStream(H2Stream s) {
    engine.destroy(s);
  }

  void performTransportOp(TransportOp op) {
    if (op instanceof TransportOp.SetAcceptStream a) {
      engine.setAcceptor(a.acceptor());
    } else if (op instanceof TransportOp.Ping p) {
      if (closing) {
        p.callback().failed(Status.UNAVAILABLE.withDescription("Transport is closed"));
      } else if (!started) {
        afterStart.add(() -> pings.send(p.callback()));
      } else {
        pings.send(p.callback());
      }
    } else if (op instanceof TransportOp.Goaway g) {
      shutdown(g.status());
    } else if (op instanceof TransportOp.WatchConnectivity w) {
      connectivity.watch(w.watcher());
    } else if (op instanceof TransportOp.StopWatch w) {
      connectivity.unwatch(w.watcher());
    } else if (op instanceof TransportOp.Disconnect d) {
      close(d.status());
    }
  }

  /**
   * Graceful end. A server sends GOAWAY with the largest stream id and a PING, and once the ping
   * comes back (or a timeout passes) a second GOAWAY with the real last stream id, so requests in
   * flight on the wire are not lost; then it closes once its streams are done. A client stops
   * starting streams and closes once its streams are done.
   */
  void shutdown(Status status) {
    if (shuttingDown || closing) {
      return;
    }
    shuttingDown = true;
    connectivity.set(ConnectivityState.SHUTDOWN, status);
    engine.failWaitingStreams(Status.UNAVAILABLE.withDescription("Transport is shutting down"));
    if (started && channel.isActive()) {
      if (client) {
        sendGoaway(engine.lastPeerStreamId(), Http2ErrorCode.NO_ERROR, "client shutdown");
      } else {
        sendGoaway(Integer.MAX_VALUE, Http2ErrorCode.NO_ERROR, "server shutdown");
        pings.sendInternal(this::secondGoaway);
        gracefulTimer = ctx.executor().schedule(this::secondGoaway,
            config.gracefulShutdownPingTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      flushNow();
    }
    maybeFinishShutdown();
  }

  private void secondGoaway() {
    if (goawaySent || closing) {
      return;
    }
    if (gracefulTimer != null) {
      gracefulTimer.cancel(false);
    }
    sendGoaway(engine.lastPeerStreamId(), Http2ErrorCode.NO_ERROR, "server shutdown");
    goawaySent = true;
    flushNow();
    maybeFinishShutdown();
  }

  /**
   * Refuses new peer streams from the moment a shutdown starts. REFUSED_STREAM tells the client
   * the call was not processed, so it may safely retry it elsewhere; the two GOAWAYs still tell
   * it which streams were taken.
   */
  boolean refusesNewStreams() {
    return shutdownRequested || shuttingDown || goawaySent || closing;
  }

  /** Called on any thread as shutdown or close is asked for, before the loop gets to it. */
  void requestShutdown() {
    shutdownRequested = true;
  }

  /** True once our preface and SETTINGS are out (after the TLS handshake, if any). */
  boolean isStarted() {
    return started && !closing;
  }

  /** The status the connection closed with, or null while it is open. */
  Status closedStatus() {
    return closing ? closeStatus : null;
  }

  boolean isShuttingDown() {
    return shutdownRequested || shuttingDown || closing;
  }

  /** Closes the channel once a shutdown has nothing left to wait for. */
  void maybeFinishShutdown() {
    if (shuttingDown && !closing && engine.isIdle() && (client || goawaySent || !started)) {
      close(Status.UNAVAILABLE.withDescription("Transport shut down"));
    }
  }

  void onGoawayReceived() {
    connectivity.set(ConnectivityState.TRANSIENT_FAILURE,
        Status.UNAVAILABLE.withDescription("The peer sent GOAWAY"));
    if (engine.isIdle()) {
      close(Status.UNAVAILABLE.withDescription("The peer sent GOAWAY"));
    }
  }

  /** Immediate end: every stream ends with {@code status}, then the channel closes. */
  void close(Status status) {
    if (closing) {
      return;
    }


    closing = true;
    closeStatus = status;
    connectivity.set(ConnectivityState.SHUTDOWN, status);
    cancelTimers();
    if (started && channel.isActive() && !goawaySent) {
      sendGoaway(engine.lastPeerStreamId(), Http2ErrorCode.NO_ERROR,
          status.description() == null ? "closed" : status.description());
      goawaySent = true;
    }
    engine.closeAll(status);
    pings.failAll(status);
    flushNow();
    // Close once the last frames (trailers, GOAWAY) are on their way, not before.
    if (lastWrite != null && !lastWrite.isDone()) {
      lastWrite.addListener(f -> channel.close());
    } else {
      channel.close();
    }
  }

  /** A connection error (RFC 9113 §5.4.1): GOAWAY with the code, then close. */
  void connectionError(Http2ErrorCode code, String message) {
    if (closing) {
      return;
    }
    log.log(Level.FINE, "HTTP/2 connection error " + code + ": " + message);
    if (started && channel.isActive() && !goawaySent) {
      sendGoaway(engine.lastPeerStreamId(), code, message);
      goawaySent = true;
    }
    Status s = (code == Http2ErrorCode.ENHANCE_YOUR_CALM ? Status.RESOURCE_EXHAUSTED
        : Status.UNAVAILABLE)
        .withDescription("HTTP/2 connection error " + code + ": " + message);
    close(s);
  }

  private void sendGoaway(int lastStreamId, Http2ErrorCode code, String debug) {
    ByteBuf data = Unpooled.wrappedBuffer(
        truncate(debug, 256).getBytes(StandardCharsets.UTF_8));
    writer.goAway(out(), lastStreamId, code, data);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private void cancelTimers() {
    for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {settingsTimer, keepAliveTimer,
        gracefulTimer}) {
      if (f != null) {
        f.cancel(false);
      }
    }
  }

  private void onChannelClosed() {
    Status s = closeStatus != null ? closeStatus
        : Status.UNAVAILABLE.withDescription(started
            ? "Connection to " + peer() + " closed"
            : "Could not connect to " + peer());
    if (!closing) {
      closing = true;
      closeStatus = s;
      cancelTimers();
      connectivity.set(ConnectivityState.SHUTDOWN, s);
    }
    if (engine != null) {
      engine.closeAll(s);
    }
    pings.failAll(s);
    if (out != null) {
      out.release();
      out = null;
    }
    ByteBuf queued;
    while ((queued = sealed.poll()) != null) {
      queued.release();
    }
    if (reader != null) {
      reader.close();
    }
    if (engine != null) {
      engine.releaseAll();
    }
    termination.complete(null);
  }

  // ---------------------------------------------------------------- facts

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

  Endpoint endpoint() {
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
    };
  }
}
