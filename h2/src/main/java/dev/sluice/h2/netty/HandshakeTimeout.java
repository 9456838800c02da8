package dev.sluice.h2.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a server connection whose peer is too slow to get going: a slowloris that connects and
 * trickles its bytes, or a peer that connects and says nothing, holds a socket and memory for
 * free unless someone puts a clock on it. Two deadlines, each {@code timeout} long:
 *
 * <ol>
 *   <li>from the moment the connection is accepted until the TLS handshake (when there is TLS),
 *       the HTTP/2 preface and the first frame (SETTINGS, RFC 9113 §3.4) are in;
 *   <li>after that, until the first request's header block is in: whenever a frame has begun to
 *       arrive, it (and, for HEADERS, the rest of its block) must be whole within the timeout.
 *       Between whole frames the connection may sit idle as long as it likes: a client may
 *       connect ahead of its first call.
 * </ol>
 *
 * <p>Once the first request's header block is in, the handler leaves the pipeline, costing
 * nothing further. A closure is counted in the listener's {@link ConnectionStats}, and so is any
 * connection that ends before its handshake is done. The connection's own SETTINGS
 * acknowledgement timeout ({@code H2Config.settingsAckTimeout}, 10 s) also runs from the moment
 * our SETTINGS go out, so with the defaults it usually ends a stalled preface first; this
 * deadline is what holds when that one is longer, for the TLS handshake (before our SETTINGS),
 * and for a first request trickled after a prompt handshake.
 *
 * <p>It sits in front of the HTTP/2 handler (behind the {@code SslHandler}, so it sees plaintext)
 * and passes every byte on untouched; {@link HandshakeScanner} follows the frame boundaries. The
 * timer runs on the channel's event loop, so an {@code EmbeddedChannel} with a frozen clock
 * tests it without waiting.
 */
final class HandshakeTimeout extends ChannelInboundHandlerAdapter {

  private static final Logger log = System.getLogger("dev.sluice.h2");

  private final long timeoutNanos;
  private final Duration timeout;
  private final ConnectionStats stats;
  private final HandshakeScanner scanner = new HandshakeScanner();
  private ScheduledFuture<?> timer;
  private boolean done;

  HandshakeTimeout(Duration timeout, ConnectionStats stats) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.timeoutNanos = timeout.toNanos();
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      arm(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (done || !(msg instanceof ByteBuf buf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    boolean handshakeWasDone = scanner.handshakeDone();
    scanner.scan(buf); // before passing it on: the next handler releases it
    ctx.fireChannelRead(msg);
    if (scanner.firstHeaderBlockDone()) {
      finish(ctx);
      return;
    }
    if (!handshakeWasDone && scanner.handshakeDone()) {
      disarm(); // the handshake's deadline is met; a frame begun later gets a deadline of its own
    }
    if (scanner.owesBytes()) {
      arm(ctx);
    } else {
      disarm();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!scanner.handshakeDone()) {
      stats.recordClosedInHandshake();
    }
    done = true;
    disarm();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    done = true;
    disarm();
  }

  private void finish(ChannelHandlerContext ctx) {
    done = true;
    disarm();
    if (ctx.pipeline().context(this) != null) {
      ctx.pipeline().remove(this);
    }
  }

  /** Starts the deadline unless one is running already. */
  private void arm(ChannelHandlerContext ctx) {
    if (done || timer != null) {
      return;
    }
    timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (done || !ctx.channel().isOpen()) {
      return;
    }
    done = true;
    stats.recordHandshakeTimeout();
    log.log(Level.DEBUG, () -> "Closing " + ctx.channel() + ": "
        + (scanner.handshakeDone() ? "the first request's headers" : "the handshake")
        + " did not arrive within " + timeout);
    ctx.close();
  }
}
