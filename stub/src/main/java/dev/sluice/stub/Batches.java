package dev.sluice.stub;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Starting a batch and waiting for it from a thread that may block. Waits use
 * {@link CompletableFuture}, which parks rather than holding a monitor, so a virtual thread
 * waiting here frees its carrier.
 */
final class Batches {

  private Batches() {}

  /** A finished batch and its {@code ok}. */
  record Done(Batch batch, boolean ok) {}

  /** Starts {@code batch}; the future completes (on a transport thread) with its outcome. */
  static CompletableFuture<Done> start(Call call, Batch batch) {
    CompletableFuture<Done> f = new CompletableFuture<>();
    call.startBatch(batch, (b, ok) -> f.complete(new Done(b, ok)));
    return f;
  }

  /**
   * Starts {@code batch}; {@code then} runs on the transport thread that completes it. Use this
   * rather than a dependent stage of {@link #start}: a stage attached after the batch already
   * completed would run on the attaching thread, late and out of order.
   */
  static void run(Call call, Batch batch, Consumer<Done> then) {
    call.startBatch(batch, (b, ok) -> then.accept(new Done(b, ok)));
  }

  /**
   * Starts {@code batch} and waits for it. An interrupt cancels the call (the thread's owner
   * wants it to stop) and surfaces as CANCELLED, with the interrupt flag kept.
   */
  static Done await(Call call, Batch batch) {
    return await(call, start(call, batch));
  }

  /** Waits for {@code pending}, a batch of {@code call}; interrupts as in {@link #await}. */
  static <T> T await(Call call, CompletableFuture<T> pending) {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Status s = Status.CANCELLED.withDescription("Thread interrupted while waiting on the call")
          .withCause(e);
      call.cancel(s);
      throw s.asException();
    } catch (ExecutionException e) {
      // Our futures are only ever completed normally.
      throw new IllegalStateException(e.getCause());
    }
  }
}
