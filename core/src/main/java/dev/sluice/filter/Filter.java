package dev.sluice.filter;

/**
 * One element of the channel stack. A filter is shared by every call of a channel or server; it
 * makes a small per-call {@link BatchSink} that sees each batch of that call before the layer
 * below, and may:
 *
 * <ul>
 *   <li>pass the batch on unchanged, or with its callbacks wrapped (to observe or rewrite
 *       results on the way up);
 *   <li>fail the batch itself ({@link dev.sluice.transport.StreamOpBatch#failWith}) without
 *       passing it on — then it must also cancel the stream below if the call cannot go on;
 *   <li>start batches of its own downwards (a cancel when a deadline passes).
 * </ul>
 *
 * <p>Per-call sinks may be called from several threads, but never concurrently for one call's
 * same op kind; wrapped callbacks run on the transport's thread.
 */
@FunctionalInterface
public interface Filter {

  /**
   * Makes this filter's sink for one call.
   *
   * @param info the call
   * @param next the layer below; the sink passes batches here
   * @return the sink that sees this call's batches before {@code next} does
   */
  BatchSink newCall(CallInfo info, BatchSink next);
}
