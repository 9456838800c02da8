package dev.sluice.inproc;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ConnectivityWatcher;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One transport end's connectivity state and its watchers. A new watcher hears the current state
 * first, then every change; SHUTDOWN is terminal and ends every watch.
 *
 * <p>Loop only; notifications are queued as callbacks.
 */
final class ConnectivityTracker {

  private final SerialLoop loop;
  private final Set<ConnectivityWatcher> watchers = new LinkedHashSet<>();
  private ConnectivityState state;
  private Status reason;

  ConnectivityTracker(SerialLoop loop, ConnectivityState initial, Status reason) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.state = Objects.requireNonNull(initial, "initial");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  ConnectivityState state() {
    return state;
  }

  void watch(ConnectivityWatcher watcher) {
    ConnectivityState s = state;
    Status r = reason;
    loop.callback(() -> watcher.onStateChange(s, r));
    if (s != ConnectivityState.SHUTDOWN) {
      watchers.add(watcher);
    }
  }

  void stopWatch(ConnectivityWatcher watcher) {
    watchers.remove(watcher);
  }

  /** Moves to {@code next}; no-op when already there or already shut down. */
  void set(ConnectivityState next, Status why) {
    if (state == next || state == ConnectivityState.SHUTDOWN) {
      return;
    }
    state = next;
    reason = why;
    for (ConnectivityWatcher w : watchers) {
      loop.callback(() -> w.onStateChange(next, why));
    }
    if (next == ConnectivityState.SHUTDOWN) {
      watchers.clear();
    }
  }
}
