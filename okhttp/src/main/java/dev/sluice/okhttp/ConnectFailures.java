package dev.sluice.okhttp;

import dev.sluice.Status;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses of one {@link OkHttpTransportFactory} that its transports could not connect to,
 * each with why, until one of them gets a connection there or the next transport takes it.
 *
 * <p>Why it exists: OkHttp connects only when a call starts, so a new transport reports READY at
 * once. When the server is gone the call fails before anything was sent and the transport shuts
 * down; to a channel that is a ready connection that ended, which it replaces at once, without
 * backoff, and the call's transparent retry (allowed: nothing was sent) lands on the next new
 * transport, READY again. So a channel made a transport and a connection attempt per retry, as
 * fast as it could, up to its limit of transparent retries, before the call ended (under load
 * that took longer than the caller would wait). With this record, the transport made after a
 * failed attempt reports that failure (TRANSIENT_FAILURE) instead of READY: a channel then backs
 * off, fails calls that do not wait for ready at once, and the transport after the backoff tries
 * the address for real.
 */
final class ConnectFailures {

  private final Map<InetSocketAddress, Status> failures = new ConcurrentHashMap<>();

  /** Any thread: a transport could not connect to {@code address}, for {@code why}. */
  void record(InetSocketAddress address, Status why) {
    failures.put(Objects.requireNonNull(address, "address"), Objects.requireNonNull(why, "why"));
  }

  /** Any thread: a transport got a connection to {@code address}: forget its failure. */
  void reached(InetSocketAddress address) {
    failures.remove(address);
  }

  /**
   * Any thread: why the latest attempt to {@code address} failed, or null when it did not; a
   * failure is given to one new transport only, so the one after it tries again.
   */
  Status take(InetSocketAddress address) {
    return failures.remove(address);
  }
}
