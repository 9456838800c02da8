package dev.sluice.channel;

import dev.sluice.transport.ConnectivityState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The channel's connectivity state and the one-shot watchers of {@code
 * notifyWhenStateChanged}. SHUTDOWN is final. Thread-safe; callbacks run on the executor.
 */
final class StateWatchers {

  private record Watch(ConnectivityState source, Runnable callback) {}

  private final Executor executor;
  private final List<Watch> watches = new ArrayList<>();
  private volatile ConnectivityState state = ConnectivityState.IDLE;

  StateWatchers(Executor executor) {
    this.executor = executor;
  }

  ConnectivityState get() {
    return state;
  }

  void set(ConnectivityState next) {
    List<Runnable> fire = new ArrayList<>();
    synchronized (this) {
      if (state == next || state == ConnectivityState.SHUTDOWN) {
        return;
      }
      state = next;
      for (Iterator<Watch> it = watches.iterator(); it.hasNext(); ) {
        Watch w = it.next();
        if (w.source != next) {
          fire.add(w.callback);
          it.remove();
        }
      }
    }
    fire.forEach(executor::execute);
  }

  void notifyWhenChanged(ConnectivityState source, Runnable callback) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(callback, "callback");
    synchronized (this) {
      if (state == source) {
        watches.add(new Watch(source, callback));
        return;
      }
    }
    executor.execute(callback);
  }
}
