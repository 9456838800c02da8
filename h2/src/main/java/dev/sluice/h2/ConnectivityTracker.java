package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ConnectivityWatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection's connectivity state and its watchers. SHUTDOWN is terminal. Used on the
 * connection's thread only; watchers are told there.
 */
final class ConnectivityTracker {

  private final List<ConnectivityWatcher> watchers = new ArrayList<>();
  private ConnectivityState state = ConnectivityState.IDLE;
  private Status reason = Status.OK;

  void set(ConnectivityState next, Status why) {
    if (state == next || state == ConnectivityState.SHUTDOWN) {
      return;
    }
    state = next;
    reason = why;
    for (ConnectivityWatcher w : List.copyOf(watchers)) {
      w.onStateChange(next, why);
    }
    if (next == ConnectivityState.SHUTDOWN) {
      watchers.clear();
    }
  }

  /** Adds a watcher and tells it the current state. */
  void watch(ConnectivityWatcher w) {
    if (state != ConnectivityState.SHUTDOWN) {
      watchers.add(w);
    }
    w.onStateChange(state, reason);
  }

  void unwatch(ConnectivityWatcher w) {
    watchers.remove(w);
  }

  ConnectivityState state() {
    return state;
  }

  List<ConnectivityWatcher> snapshot() {
    return new ArrayList<>(watchers);
  }
}
