package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.transport.ConnectivityState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the connection ends: a graceful shutdown (two GOAWAYs around a PING on a server, then
 * close once the streams are done), a GOAWAY from the peer, an immediate close, a connection
 * error (RFC 9113 §5.4.1), and the channel closing under us. Runs on the connection's thread,
 * except {@link #requestShutdown}, which any thread may call.
 */
final class ConnectionEnd {

  private static final Logger log = System.getLogger("dev.sluice.h2");

  private final Http2Connection conn;
  private ScheduledFuture<?> gracefulTimer;
  private ScheduledFuture<?> graceTimer;
  private String goawayDebug = "server shutdown";
  private Duration grace;
  private boolean goawaySent;
  /** Set by any thread the moment shutdown or close is asked for. */
  private volatile boolean shutdownRequested;
  private boolean shuttingDown;
  private boolean closing;
  private Status closeStatus;

  ConnectionEnd(Http2Connection conn) {
    this.conn = conn;
  }

  /**
   * Graceful end. A server sends GOAWAY with the largest stream id and a PING, and once the ping
   * comes back (or a timeout passes) a second GOAWAY with the real last stream id, so requests in
   * flight on the wire are not lost; then it closes once its streams are done. A client stops
   * starting streams and closes once its streams are done.
   */
  void shutdown(Status status) {
    shutdown(status, conn.client ? "client shutdown" : "server shutdown", null);
  }

  /**
   * Graceful end as {@link #shutdown(Status)}, with the GOAWAYs' debug text ({@code max_age},
   * {@code max_idle}) and, on a server, how long streams may go on after the second GOAWAY before
   * the connection closes regardless (null: as long as they take).
   */
  void shutdown(Status status, String debug, Duration grace) {
    if (shuttingDown || closing) {
      return;
    }
    shuttingDown = true;
    goawayDebug = debug;
    this.grace = grace;
    conn.connectivity.set(ConnectivityState.SHUTDOWN, status);
    conn.streams.failWaitingStreams(
        Status.UNAVAILABLE.withDescription("Transport is shutting down"));
    if (conn.start.hasStarted() && conn.channel.isActive()) {
      if (conn.client) {
        sendGoaway(conn.streams.lastPeerStreamId(), Http2ErrorCode.NO_ERROR, debug);
      } else {
        sendGoaway(Integer.MAX_VALUE, Http2ErrorCode.NO_ERROR, debug);
        conn.pings.sendInternal(this::secondGoaway);
        gracefulTimer = conn.ctx().executor().schedule(this::secondGoaway,
            conn.config.gracefulShutdownPingTimeout().toNanos(), TimeUnit.NANOSECONDS);
      }
      conn.output.flushNow();
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
    sendGoaway(conn.streams.lastPeerStreamId(), Http2ErrorCode.NO_ERROR, goawayDebug);
    goawaySent = true;
    conn.output.flushNow();
    if (grace != null) {
      graceTimer = conn.ctx().executor().schedule(() -> close(Status.UNAVAILABLE.withDescription(
          "Connection closed: calls still open " + grace + " after its final GOAWAY ("
              + goawayDebug + ", max connection age grace)")),
          grace.toNanos(), TimeUnit.NANOSECONDS);
    }
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

  /** True once the connection is closing or closed. */
  boolean isClosing() {
    return closing;
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
    if (shuttingDown && !closing && conn.streams.isIdle()
        && (conn.client || goawaySent || !conn.start.hasStarted())) {
      close(Status.UNAVAILABLE.withDescription("Transport shut down"));
    }
  }

  /** The peer sent GOAWAY; {@code what} says so, with its code and debug text. */
  void onGoawayReceived(String what) {
    conn.connectivity.set(ConnectivityState.TRANSIENT_FAILURE,
        Status.UNAVAILABLE.withDescription(what));
    if (conn.streams.isIdle()) {
      close(Status.UNAVAILABLE.withDescription(what));
    }
  }

  /** Immediate end: every stream ends with {@code status}, then the channel closes. */
  void close(Status status) {
    if (closing) {
      return;
    }
    closing = true;
    closeStatus = status;
    conn.connectivity.set(ConnectivityState.SHUTDOWN, status);
    cancelTimers();
    if (conn.start.hasStarted() && conn.channel.isActive() && !goawaySent) {
      sendGoaway(conn.streams.lastPeerStreamId(), Http2ErrorCode.NO_ERROR,
          status.description() == null ? "closed" : status.description());
      goawaySent = true;
    }
    conn.closer.closeAll(status);
    conn.pings.failAll(status);
    conn.output.flushNow();
    // Close once the last frames (trailers, GOAWAY) are on their way, not before.
    ChannelFuture lastWrite = conn.output.lastWrite();
    if (lastWrite != null && !lastWrite.isDone()) {
      lastWrite.addListener(f -> conn.channel.close());
    } else {
      conn.channel.close();
    }
  }

  /** A connection error (RFC 9113 §5.4.1): GOAWAY with the code, then close. */
  void connectionError(Http2ErrorCode code, String message) {
    if (closing) {
      return;
    }
    log.log(Level.DEBUG, () -> "HTTP/2 connection error " + code + ": " + message);
    if (conn.start.hasStarted() && conn.channel.isActive() && !goawaySent) {
      sendGoaway(conn.streams.lastPeerStreamId(), code, message);
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
    conn.writer.goAway(conn.output.out(), lastStreamId, code, data);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private void cancelTimers() {
    if (gracefulTimer != null) {
      gracefulTimer.cancel(false);
    }
    if (graceTimer != null) {
      graceTimer.cancel(false);
    }
    conn.start.cancelTimers();
  }

  /**
   * The channel closed. If nothing had closed the connection, it is closed now with {@code
   * status}.
   *
   * @return the status the connection ended with
   */
  Status onChannelClosed(Status status) {
    Status s = closeStatus != null ? closeStatus : status;
    if (!closing) {
      closing = true;
      closeStatus = s;
      cancelTimers();
      conn.connectivity.set(ConnectivityState.SHUTDOWN, s);
    }
    return s;
  }
}
