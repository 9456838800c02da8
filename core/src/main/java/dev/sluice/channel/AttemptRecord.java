package dev.sluice.channel;

import dev.sluice.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one attempt of a call ended, for {@code Call.attempts()}.
 *
 * @param number the attempt's number, 1 for the first; a transparent retry keeps the number of
 *     the attempt it replaces (it carries the same {@code grpc-previous-rpc-attempts})
 * @param status the status the attempt ended with
 * @param outcome what the channel did next
 */
public record AttemptRecord(int number, Status status, Outcome outcome) {

  /** What the channel did after an attempt ended. */
  public enum Outcome {
    /** The attempt's result went to the application. */
    DELIVERED,
    /** Sent again at once: the server application never saw it (gRFC A6's transparent retry). */
    TRANSPARENT_RETRY,
    /** Retried after the policy's backoff. */
    RETRIED_AFTER_BACKOFF,
    /** Retried after the delay the server asked for in {@code grpc-retry-pushback-ms}. */
    RETRIED_AFTER_PUSHBACK,
    /** Not retried: the status is not in the policy's retryable codes. */
    NOT_RETRYABLE,
    /** Not retried: the server's pushback said not to. */
    PUSHBACK_STOPPED,
    /** Not retried: the channel's retry token bucket is at or under half. */
    THROTTLED,
    /** Not retried: the policy's maxAttempts were used. */
    ATTEMPTS_EXHAUSTED,
    /** Not retried: the call had committed (headers or a message came, or too much was sent). */
    COMMITTED,
    /** A hedge that failed with a non-fatal code while the call went on. */
    HEDGE_FAILED,
    /** A hedge cancelled because another answered first, or the call ended. */
    HEDGE_CANCELLED
  }

  /**
   * Checks that the status and the outcome are there.
   *
   * @param number the attempt's number, 1 for the first; a transparent retry keeps the number of
   *     the attempt it replaces (it carries the same {@code grpc-previous-rpc-attempts})
   * @param status the status the attempt ended with
   * @param outcome what the channel did next
   */
  public AttemptRecord {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Adds a record to {@code records} (made when null); returns the list. */
  static List<AttemptRecord> append(List<AttemptRecord> records, int number, Status status,
      Outcome outcome) {
    List<AttemptRecord> list = records != null ? records : new ArrayList<>(4);
    list.add(new AttemptRecord(number, status, outcome));
    return list;
  }

  /** The records so far (or null), and the last attempt's when the call has ended. */
  static List<AttemptRecord> history(List<AttemptRecord> records, int lastNumber,
      Status endStatus, Outcome lastOutcome) {
    List<AttemptRecord> all = records == null ? new ArrayList<>(1) : new ArrayList<>(records);
    if (endStatus != null) {
      all.add(new AttemptRecord(lastNumber, endStatus, lastOutcome));
    }
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "attempt " + number + " ended with " + status.code() + ": " + status.description();
  }
}
