package dev.sluice.channel;

import dev.sluice.Status;
import java.util.concurrent.TimeUnit;

/**
 * Runs one name resolver for the channel: hands its results to the load balancer in the
 * synchronization context and, when resolution fails or the balancer rejects a result, asks the
 * resolver again after an exponential backoff (docs/channels.md, "Name resolution"); an accepted
 * result resets the backoff. Stops reporting once shut down.
 */
final class ResolverDriver implements NameResolver.Listener {

  /** Where results go: the channel, in the synchronization context. */
  interface Sink {
    /** Applies a result; returns OK when the load balancer accepted it. */
    Status applyResult(ResolverDriver from, ResolutionResult result);

    /** Applies a resolution failure. */
    void applyError(ResolverDriver from, Status error);
  }

  private final NameResolver resolver;
  private final Sink sink;
  private final SynchronizationContext sync;
  private final TimeSource time;
  private final ConnectionBackoff backoff;
  private TimeSource.Cancellable retryTimer;
  private boolean shutdown;

  ResolverDriver(NameResolver resolver, Sink sink, SynchronizationContext sync, TimeSource time,
      ConnectionBackoff backoff) {
    this.resolver = resolver;
    this.sink = sink;
    this.sync = sync;
    this.time = time;
    this.backoff = backoff;
  }

  /** In the synchronization context. */
  void start() {
    resolver.start(this);
  }

  @Override
  public void onResult(ResolutionResult result) {
    sync.execute(() -> {
      if (shutdown) {
        return;
      }
      Status accepted = sink.applyResult(this, result);
      if (accepted.isOk()) {
        backoff.reset();
        cancelRetry();
      } else {
        scheduleRetry();
      }
    });
  }

  @Override
  public void onError(Status error) {
    Status e = error.isOk()
        ? Status.UNAVAILABLE.withDescription("The name resolver reported an error with status OK")
        : ControlPlaneStatus.sanitize(error);
    sync.execute(() -> {
      if (shutdown) {
        return;
      }
      sink.applyError(this, e);
      scheduleRetry();
    });
  }

  /** A re-resolution hint from the balancer (in the synchronization context). */
  void refresh() {
    if (!shutdown && retryTimer == null) {
      resolver.refresh(); // a scheduled retry will refresh anyway
    }
  }

  /** Resolve again now, dropping any backoff wait (resetConnectBackoff). */
  void refreshNow() {
    if (!shutdown) {
      cancelRetry();
      backoff.reset();
      resolver.refresh();
    }
  }

  private void scheduleRetry() {
    if (retryTimer != null) {
      return;
    }
    retryTimer = sync.schedule(() -> {
      retryTimer = null;
      if (!shutdown) {
        resolver.refresh();
      }
    }, backoff.nextSlotNanos(), TimeUnit.NANOSECONDS, time);
  }

  private void cancelRetry() {
    if (retryTimer != null) {
      retryTimer.cancel();
      retryTimer = null;
    }
  }

  /** In the synchronization context. */
  void shutdown() {
    shutdown = true;
    cancelRetry();
    resolver.shutdown();
  }
}
