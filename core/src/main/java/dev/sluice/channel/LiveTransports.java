package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every transport a channel made that has not terminated yet, connected, connecting or draining
 * after a GOAWAY: what {@code shutdownNow()} closes and {@code awaitTermination} waits for.
 * Thread-safe.
 */
final class LiveTransports {

  private final Set<Transport> live = ConcurrentHashMap.newKeySet();
  private final Runnable onTermination;
  private volatile Status closedWith;

  /** @param onTermination runs (on a transport thread) each time a transport terminates */
  LiveTransports(Runnable onTermination) {
    this.onTermination = onTermination;
  }

  /** Tracks {@code t} until it terminates; closes it at once after {@link #closeAll}. */
  void add(Transport t) {
    live.add(t);
    t.terminationFuture().whenComplete((v, e) -> {
      live.remove(t);
      onTermination.run();
    });
    Status closed = closedWith;
    if (closed != null) {
      t.close(closed);
    }
  }

  /** Closes every transport now (their calls end with {@code status}), and any added later. */
  void closeAll(Status status) {
    closedWith = status;
    List<Transport> all = new ArrayList<>(live);
    for (Transport t : all) {
      t.close(status);
    }
  }

  boolean isEmpty() {
    return live.isEmpty();
  }

  int size() {
    return live.size();
  }
}
