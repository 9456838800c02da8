package dev.sluice.filter;

import dev.sluice.transport.StreamOpBatch;

/**
 * The next layer down for one call: the next filter, or at the bottom the transport stream.
 * Called on any thread; never blocks.
 */
@FunctionalInterface
public interface BatchSink {

  /**
   * Passes {@code batch} down.
   *
   * @param batch the batch, which now belongs to the layer below
   */
  void startBatch(StreamOpBatch batch);
}
