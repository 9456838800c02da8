package dev.sluice.h2;

import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Our side of the connection preface (RFC 9113 §3.4): the client's magic, our SETTINGS and the
 * connection window, then the timers that follow from them (the SETTINGS ack timeout, §6.5.3,
 * keepalive and a server's idle and age limits), and the work that was asked for before the
 * preface went out. Runs on the connection's thread only.
 */
final class ConnectionStart {

  private final Http2Connection conn;
  private boolean started;
  private ScheduledFuture<?> settingsTimer;
  /** Work asked for before our preface went out; runs right after it. */
  private final ArrayList<Runnable> afterStart = new ArrayList<>();

  ConnectionStart(Http2Connection conn) {
    this.conn = conn;
  }

  /** Sends our preface and SETTINGS; the connection is usable from here on. */
  void start() {
    if (started || conn.end.isClosing()) {
      return;
    }
    started = true;
    H2Config config = conn.config;
    ByteBuf o = conn.output.out();
    if (conn.client) {
      conn.writer.clientPreface(o);
    }
    Http2Settings s = new Http2Settings()
        .put(Http2Settings.INITIAL_WINDOW_SIZE, config.initialStreamWindow())
        .put(Http2Settings.MAX_HEADER_LIST_SIZE, config.maxHeaderListSize());
    if (conn.client) {
      s.put(Http2Settings.ENABLE_PUSH, 0);
    } else {
      s.put(Http2Settings.MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams());
    }
    if (config.maxFrameSize() != Http2Settings.MIN_MAX_FRAME_SIZE) {
      s.put(Http2Settings.MAX_FRAME_SIZE, config.maxFrameSize());
    }
    conn.writer.settings(o, s);
    int connIncrement = conn.inData.growConnectionWindow(config.connectionWindow());
    if (connIncrement > 0) {
      conn.writer.windowUpdate(o, 0, connIncrement);
    }
    settingsTimer = conn.ctx().executor().schedule(() -> conn.end.connectionError(
        Http2ErrorCode.SETTINGS_TIMEOUT,
        "The peer did not acknowledge our SETTINGS within " + config.settingsAckTimeout()),
        config.settingsAckTimeout().toNanos(), TimeUnit.NANOSECONDS);
    if (conn.keepAlive != null) {
      conn.keepAlive.start();
    }
    if (conn.lifetime != null) {
      conn.lifetime.start();
    }
    for (Runnable r : afterStart) {
      r.run();
    }
    afterStart.clear();
    conn.output.flushNow();
    conn.streams.startWaitingStreams();
  }

  /** True once our preface and SETTINGS were written, closed since or not. */
  boolean hasStarted() {
    return started;
  }

  /** Runs {@code r} now if the preface is out, else right after it. */
  void runWhenStarted(Runnable r) {
    if (started) {
      r.run();
    } else {
      afterStart.add(r);
    }
  }

  /** The peer acknowledged our SETTINGS: the ack timer stops. */
  void onSettingsAck() {
    if (settingsTimer != null) {
      settingsTimer.cancel(false);
      settingsTimer = null;
    }
  }

  void cancelTimers() {
    if (settingsTimer != null) {
      settingsTimer.cancel(false);
    }
    if (conn.keepAlive != null) {
      conn.keepAlive.stop();
    }
    if (conn.lifetime != null) {
      conn.lifetime.stop();
    }
  }
}
