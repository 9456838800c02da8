package dev.sluice.h2;

import dev.sluice.Status;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A server connection's idle and age limits (gRFC A9). Idle time is measured from the later of
 * the connection's start and the moment its last open stream closed; past {@code
 * maxConnectionIdle} the connection ends with the two-step GOAWAY, debug {@code max_idle}. The
 * age limit is {@code maxConnectionAge} times a factor drawn once per connection from [0.9, 1.1],
 * so connections made together do not all leave together; then the two-step GOAWAY, debug {@code
 * max_age}, and {@code maxConnectionAgeGrace} after the second GOAWAY the connection closes even
 * with calls still open. Runs on the connection's thread only, on the connection's clock.
 */
final class ConnectionLifetime {

  private final Http2Connection conn;
  private final Duration maxIdle;
  private final Duration maxAge;
  private final Duration grace;
  private long idleSinceNanos;
  private ScheduledFuture<?> idleTimer;
  private ScheduledFuture<?> ageTimer;

  ConnectionLifetime(Http2Connection conn) {
    this.conn = conn;
    this.maxIdle = conn.config.maxConnectionIdle();
    this.maxAge = conn.config.maxConnectionAge();
    this.grace = conn.config.maxConnectionAgeGrace();
  }

  /** The connection started: both clocks run from now. */
  void start() {
    idleSinceNanos = conn.nanoTime();
    if (maxIdle != null) {
      idleTimer = schedule(this::checkIdle, maxIdle.toNanos());
    }
    if (maxAge != null) {
      double factor = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
      ageTimer = schedule(this::onMaxAge, (long) (maxAge.toNanos() * factor));
    }
  }

  /** The last open stream closed: the connection is idle from now. */
  void onIdle() {
    idleSinceNanos = conn.nanoTime();
  }

  private void checkIdle() {
    idleTimer = null;
    if (conn.end.isShuttingDown()) {
      return;
    }
    long limit = maxIdle.toNanos();
    if (conn.streams.openCount() > 0) {
      idleTimer = schedule(this::checkIdle, limit);
      return;
    }
    long idle = conn.nanoTime() - idleSinceNanos;
    if (idle < limit) {
      idleTimer = schedule(this::checkIdle, limit - idle);
      return;
    }
    conn.end.shutdown(Status.UNAVAILABLE.withDescription(
        "Connection closed after " + maxIdle + " without calls (max connection idle)"),
        "max_idle", null);
  }

  private void onMaxAge() {
    ageTimer = null;
    if (conn.end.isShuttingDown()) {
      return;
    }
    conn.end.shutdown(Status.UNAVAILABLE.withDescription(
        "Connection closed at its maximum age of about " + maxAge + " (max connection age)"),
        "max_age", grace);
  }

  void stop() {
    for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {idleTimer, ageTimer}) {
      if (f != null) {
        f.cancel(false);
      }
    }
    idleTimer = null;
    ageTimer = null;
  }

  private ScheduledFuture<?> schedule(Runnable r, long nanos) {
    return conn.channel.eventLoop().schedule(r, nanos, TimeUnit.NANOSECONDS);
  }
}
