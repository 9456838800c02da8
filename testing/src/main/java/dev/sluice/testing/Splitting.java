package dev.sluice.testing;

/** How a call's ops are spread over batches; the timelines run in each. */
public enum Splitting {
  /** Every op in a batch of its own. */
  ONE_OP_PER_BATCH,
  /** As few batches as the one-op-of-each-kind rule allows: sends and recvs together. */
  ALL_IN_ONE,
  /** Headers with recvInitialMetadata, the last message with the close, recvs paired. */
  MIXED
}
