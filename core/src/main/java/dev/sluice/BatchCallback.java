package dev.sluice;

/**
 * Told when a batch started with {@link Call#startBatch(Batch, BatchCallback)} completes. Runs
 * on a transport thread: it must not block (start the next batch, complete a future, or hand
 * work to an executor).
 */
@FunctionalInterface
public interface BatchCallback {

  /**
   * @param batch the batch, with its results filled in
   * @param ok as {@link Event#ok()}
   */
  void completed(Batch batch, boolean ok);
}
