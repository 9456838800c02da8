package dev.sluice.testing;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ConnectivityWatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link ConnectivityWatcher} that records every state it is told, completes a future per state
 * reached, and records a violation when told anything after SHUTDOWN or told a state inline.
 */
public final class ConnectivityRecorder implements ConnectivityWatcher {

  private final CallbackLedger ledger;
  private final List<ConnectivityState> states = new ArrayList<>();
  private final ConcurrentMap<ConnectivityState, CompletableFuture<Status>> reached =
      new ConcurrentHashMap<>();

  /**
   * A recorder that reports violations to {@code ledger}.
   *
   * @param ledger where broken rules (a state after SHUTDOWN, a state told inline) are recorded
   */
  public ConnectivityRecorder(CallbackLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void onStateChange(ConnectivityState state, Status reason) {
    CallbackLedger.Owed once = ledger.owe("connectivity " + state);
    once.run();
    synchronized (states) {
      if (!states.isEmpty() && states.get(states.size() - 1) == ConnectivityState.SHUTDOWN) {
        ledger.violation("connectivity watcher told " + state + " after SHUTDOWN");
      }
      states.add(state);
    }
    future(state).complete(reason);
  }

  /**
   * Completes with the reason once {@code state} was reported.
   *
   * @param state the state to wait for
   * @return a future of the status that came with {@code state}
   */
  public CompletableFuture<Status> future(ConnectivityState state) {
    return reached.computeIfAbsent(state, s -> new CompletableFuture<>());
  }

  /** {@return every state reported, in order} */
  public List<ConnectivityState> states() {
    synchronized (states) {
      return List.copyOf(states);
    }
  }
}
