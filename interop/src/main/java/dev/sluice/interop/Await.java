package dev.sluice.interop;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CompletionQueue;
import dev.sluice.Event;
import java.time.Duration;

/** Runs one batch on the core API and waits for it: for the cases that need per-message control. */
final class Await {

  private Await() {}

  /** Starts {@code batch} and waits up to a minute; returns whether every op succeeded. */
  static boolean batch(Call call, Batch batch) throws InterruptedException {
    CompletionQueue q = new CompletionQueue();
    call.startBatch(batch, q, batch);
    Event e = q.next(Duration.ofMinutes(1));
    if (e.type() != Event.Type.OP_COMPLETE) {
      throw new AssertionError("A batch did not complete within a minute");
    }
    return e.ok();
  }
}
