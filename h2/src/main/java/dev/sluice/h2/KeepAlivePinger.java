package dev.sluice.h2;

import dev.sluice.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keepalive pings (gRFC A8 on a client, A9 on a server): once {@code keepAliveTime} has passed
 * without a single byte read from the peer, send a PING; if nothing at all is read within {@code
 * keepAliveTimeout} after it, the peer is gone and the connection closes with UNAVAILABLE. Any
 * read is proof of life, not only the ack, so a busy connection never pings.
 *
 * <p>The timer is lazy: a read only records the time, and the timer, when it fires, waits out
 * whatever is left of the interval since the last read. A client that may not ping without calls
 * goes dormant when the interval passes with no open stream, and pings as its next stream opens
 * if the interval has passed by then (ahead of that stream's HEADERS). Runs on the connection's
 * thread only; time comes from the connection's clock, so an embedded channel tests it on virtual
 * time.
 */
final class KeepAlivePinger {

  private final Http2Connection conn;
  private final long timeNanos;
  private final long timeoutNanos;
  private final boolean withoutCalls;
  private long lastReadNanos;
  private ScheduledFuture<?> timer;
  private boolean pingOutstanding;
  private boolean dormant;
  private boolean stopped;

  KeepAlivePinger(Http2Connection conn, Duration time, Duration timeout, boolean withoutCalls) {
    this.conn = conn;
    this.timeNanos = time.toNanos();
    this.timeoutNanos = timeout.toNanos();
    this.withoutCalls = withoutCalls;
  }

  /** The connection started: the interval runs from now. */
  void start() {
    lastReadNanos = conn.nanoTime();
    schedule(timeNanos);
  }

  /** Bytes came in from the peer. */
  void onRead() {
    lastReadNanos = conn.nanoTime();
    if (pingOutstanding) {
      pingOutstanding = false;
      cancel();
      schedule(timeNanos);
    }
  }

  /** A stream opened: a dormant pinger wakes up. */
  void onStreamOpened() {
    if (!dormant || stopped) {
      return;
    }
    dormant = false;
    long idle = conn.nanoTime() - lastReadNanos;
    if (idle >= timeNanos) {
      ping();
    } else {
      schedule(timeNanos - idle);
    }
  }

  void stop() {
    stopped = true;
    cancel();
  }

  private void onTimer() {
    timer = null;
    if (stopped || conn.end.isClosing()) {
      return;
    }
    long idle = conn.nanoTime() - lastReadNanos;
    if (idle < timeNanos) {
      schedule(timeNanos - idle);
    } else if (!withoutCalls && conn.streams.openCount() == 0) {
      dormant = true;
    } else {
      ping();
    }
  }

  private void ping() {
    pingOutstanding = true;
    conn.pings.sendInternal(() -> {}); // the ack is a read like any other: onRead handles it
    conn.output.flushNow();
    timer = conn.channel.eventLoop().schedule(this::onTimeout, timeoutNanos,
        TimeUnit.NANOSECONDS);
  }

  private void onTimeout() {
    timer = null;
    if (stopped || !pingOutstanding) {
      return;
    }
    conn.end.close(Status.UNAVAILABLE.withDescription("Keepalive failed: nothing came back from "
        + conn.peer() + " within " + Duration.ofNanos(timeoutNanos).toMillis()
        + " ms of a keepalive ping; the connection is likely gone"));
  }

  private void schedule(long delayNanos) {
    timer = conn.channel.eventLoop().schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
