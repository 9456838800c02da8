package dev.sluice.transport;

import dev.sluice.Status;

/** Receives a transport's connectivity changes. Runs on the transport's thread; never blocks. */
@FunctionalInterface
public interface ConnectivityWatcher {

  /**
   * @param state the new state
   * @param reason why, for TRANSIENT_FAILURE and SHUTDOWN; OK otherwise
   */
  void onStateChange(ConnectivityState state, Status reason);
}
