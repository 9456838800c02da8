package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.transport.PingCallback;
import java.util.HashMap;
import java.util.Map;

/**
 * Our outstanding PINGs, keyed by their opaque data, and the server's ping-strike policy for the
 * peer's. Used on the connection's thread only.
 */
final class Pings {

  private record Pending(long sentNanos, PingCallback callback, Runnable internal) {}

  private final Http2Connection conn;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final PingStrikePolicy strikes;
  private long nextId = 1;

  Pings(Http2Connection conn) {
    this.conn = conn;
    this.strikes = new PingStrikePolicy(conn.config.permitKeepAliveTime().toNanos(),
        conn.config.permitKeepAliveWithoutCalls(), conn.config.maxPingStrikes());
  }

  /** Sends a ping for the application; its callback learns the RTT. */
  void send(PingCallback callback) {
    long id = nextId++;
    pending.put(id, new Pending(System.nanoTime(), callback, null));
    conn.writer.ping(conn.output.out(), false, id);
  }

  /** Sends a ping whose ack runs {@code onAck} (graceful GOAWAY, BDP). */
  void sendInternal(Runnable onAck) {
    long id = nextId++;
    pending.put(id, new Pending(System.nanoTime(), null, onAck));
    conn.writer.ping(conn.output.out(), false, id);
  }

  /** The peer acknowledged a ping. Unknown acks are ignored (RFC 9113 §6.7 allows no check). */
  void onAck(long data) {
    Pending p = pending.remove(data);
    if (p == null) {
      return;
    }
    if (p.callback() != null) {
      p.callback().acked(System.nanoTime() - p.sentNanos());
    }
    if (p.internal() != null) {
      p.internal().run();
    }
  }

  /** The peer pinged us: answer, unless it is pinging abusively. */
  void onPing(long data) {
    if (!conn.client && strikes.onPing(conn.nanoTime(),
        conn.streams.openCount() > 0)) {
      conn.end.connectionError(Http2ErrorCode.ENHANCE_YOUR_CALM, "too_many_pings");
      return;
    }
    if (conn.output.countControlReply()) {
      conn.writer.ping(conn.output.out(), true, data);
    }
  }

  /** We sent headers or data. */
  void onDataSent() {
    strikes.onDataSent();
  }

  void failAll(Status status) {
    for (Pending p : pending.values()) {
      if (p.callback() != null) {
        p.callback().failed(status);
      }
    }
    pending.clear();
  }
}
