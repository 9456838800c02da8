package dev.sluice;

/**
 * What {@link CompletionQueue#next} returns.
 *
 * @param type what happened
 * @param tag the tag given to {@link Call#startBatch(Batch, CompletionQueue, Object)}; null unless OP_COMPLETE
 * @param ok for OP_COMPLETE: true when every op of the batch succeeded (see {@link Batch})
 */
public record Event(Type type, Object tag, boolean ok) {

  /** The kinds of event. */
  public enum Type {
    /** A batch finished. */
    OP_COMPLETE,
    /** The wait passed its deadline with nothing to report. */
    QUEUE_TIMEOUT,
    /** The queue was shut down and every pending event has been handed out. */
    QUEUE_SHUTDOWN
  }

  static final Event TIMEOUT = new Event(Type.QUEUE_TIMEOUT, null, false);
  static final Event SHUTDOWN = new Event(Type.QUEUE_SHUTDOWN, null, false);
}
