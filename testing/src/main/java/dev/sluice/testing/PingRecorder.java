package dev.sluice.testing;

import dev.sluice.Status;
import dev.sluice.transport.PingCallback;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link PingCallback} that completes a future with the outcome: null when acked, else the
 * failure status. Exactly one method must run, once, not inline.
 */
public final class PingRecorder implements PingCallback {

  private final CallbackLedger.Owed owed;
  private final CompletableFuture<Status> outcome = new CompletableFuture<>();

  /**
   * A recorder that owes {@code ledger} one ping callback.
   *
   * @param ledger where the owed callback and any violation are recorded
   */
  public PingRecorder(CallbackLedger ledger) {
    this.owed = ledger.owe("ping callback");
  }

  @Override
  public void acked(long rttNanos) {
    if (owed.run()) {
      outcome.complete(Status.OK);
    }
  }

  @Override
  public void failed(Status status) {
    if (owed.run()) {
      outcome.complete(status);
    }
  }

  /**
   * OK when acked, else the failure.
   *
   * @return a future of the ping's outcome
   */
  public CompletableFuture<Status> outcome() {
    return outcome;
  }
}
