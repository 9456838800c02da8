package dev.sluice.channel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A channel's keepalive time for its future connections (gRFC A8): a server that ends a
 * connection with GOAWAY ENHANCE_YOUR_CALM "too_many_pings" gets half the pings from then on.
 * The doubling is a compare-and-set from the value the connection was made with, so several
 * connections told off at once double it once. Null means "the transport's own setting".
 * Thread-safe.
 */
final class KeepAliveBackoff {

  private static final Logger log = System.getLogger("dev.sluice.channel");

  private final AtomicReference<Duration> current = new AtomicReference<>();

  /** The keepalive time for a new connection, or null for the transport's own. */
  Duration current() {
    return current.get();
  }

  /**
   * A connection made when {@link #current()} was {@code asked} used {@code used} and was told
   * too_many_pings: future connections use twice {@code used}.
   */
  void tooManyPings(Duration asked, Duration used) {
    Duration doubled = used.multipliedBy(2);
    Duration now = current.get();
    // Compared by value, then set by identity: another doubling in between wins.
    if (Objects.equals(now, asked) && current.compareAndSet(now, doubled)) {
      log.log(Level.WARNING, "The server sent GOAWAY too_many_pings: keepalive time raised from "
          + used + " to " + doubled + " for this channel's future connections");
    }
  }
}
