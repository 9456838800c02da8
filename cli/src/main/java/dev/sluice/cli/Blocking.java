package dev.sluice.cli;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CompletionQueue;
import dev.sluice.Event;
import java.time.Duration;

/** Runs one batch and waits for it: how the demo drives the core API from plain threads. */
final class Blocking {

  private Blocking() {}

  /** Starts {@code batch} on {@code call} and waits up to 30 s for its completion. */
  static Batch run(Call call, Batch batch) throws InterruptedException {
    CompletionQueue queue = new CompletionQueue();
    call.startBatch(batch, queue, batch);
    Event e = queue.next(Duration.ofSeconds(30));
    if (e.type() != Event.Type.OP_COMPLETE) {
      throw new IllegalStateException("Batch did not complete: " + e.type());
    }
    return batch;
  }
}
