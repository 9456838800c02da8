package dev.sluice.channel;

import dev.sluice.Status;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Resolves a host name with a {@link HostLookup} on the blocking executor: every A and AAAA
 * record, one endpoint per address, in the order the lookup gives them.
 *
 * <p>It resolves on start and on {@link #refresh()}, never on a timer of its own. A refresh
 * within the minimum time since the last successful resolution is deferred to the end of that
 * time (never dropped); a refresh after a failed one resolves at once (the channel spaces those
 * out with its backoff); a refresh while a lookup runs is answered by that lookup.
 */
final class DnsNameResolver implements NameResolver {

  private final String authority;
  private final String host;
  private final int port;
  private final HostLookup lookup;
  private final Executor executor;
  private final TimeSource time;
  /** Null: never again after a success. */
  private final Duration minTimeBetweenResolutions;

  private final Object lock = new Object();
  private Listener listener;
  private boolean resolving;
  private boolean shutdown;
  private boolean lastSucceeded;
  private long lastSuccessNanos;
  private TimeSource.Cancellable deferred;

  DnsNameResolver(String authority, String host, int port, HostLookup lookup, Executor executor,
      TimeSource time, Duration minTimeBetweenResolutions) {
    this.authority = authority;
    this.host = host;
    this.port = port;
    this.lookup = lookup;
    this.executor = executor;
    this.time = time;
    this.minTimeBetweenResolutions = minTimeBetweenResolutions;
  }

  @Override
  public String serviceAuthority() {
    return authority;
  }

  @Override
  public void start(Listener listener) {
    synchronized (lock) {
      if (this.listener != null) {
        throw new IllegalStateException("already started");
      }
      this.listener = listener;
    }
    resolve();
  }

  @Override
  public void refresh() {
    synchronized (lock) {
      if (listener == null || shutdown || resolving || deferred != null) {
        return;
      }
      if (lastSucceeded) {
        if (minTimeBetweenResolutions == null) {
          return; // "cache forever": the first answer stands
        }
        long wait = lastSuccessNanos + minTimeBetweenResolutions.toNanos() - time.nanoTime();
        if (wait > 0) {
          deferred = time.schedule(this::deferredResolve, wait, TimeUnit.NANOSECONDS);
          return;
        }
      }
    }
    resolve();
  }

  private void deferredResolve() {
    synchronized (lock) {
      deferred = null;
    }
    resolve();
  }

  private void resolve() {
    synchronized (lock) {
      if (shutdown || resolving) {
        return;
      }
      resolving = true;
    }
    executor.execute(this::lookUp);
  }

  /** On the blocking executor. */
  private void lookUp() {
    List<EndpointAddresses> endpoints = null;
    Status error = null;
    try {
      List<EndpointAddresses> found = new ArrayList<>();
      for (InetAddress ip : lookup.lookup(host)) {
        found.add(EndpointAddresses.of(new InetSocketAddress(ip, port)));
      }
      endpoints = found;
    } catch (Exception e) {
      error = Status.UNAVAILABLE
          .withDescription("Unable to resolve host " + host + ": " + e)
          .withCause(e);
    }
    Listener l;
    synchronized (lock) {
      resolving = false;
      if (shutdown) {
        return;
      }
      lastSucceeded = error == null;
      if (lastSucceeded) {
        lastSuccessNanos = time.nanoTime();
      }
      l = listener;
    }
    if (error == null) {
      l.onResult(ResolutionResult.of(endpoints));
    } else {
      l.onError(error);
    }
  }

  @Override
  public void shutdown() {
    TimeSource.Cancellable d;
    synchronized (lock) {
      shutdown = true;
      d = deferred;
      deferred = null;
    }
    if (d != null) {
      d.cancel();
    }
  }

  @Override
  public String toString() {
    return "DnsNameResolver{" + authority + "}";
  }
}
