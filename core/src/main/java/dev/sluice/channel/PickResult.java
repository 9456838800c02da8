package dev.sluice.channel;

import dev.sluice.Status;
import java.util.Objects;

/**
 * What a {@link Picker} decided for one call (docs/channels.md, "Load balancing" and
 * "Wait-for-ready"):
 *
 * <table>
 *   <caption>Kinds of pick result</caption>
 *   <tr><th>kind</th><th>what the channel does</th></tr>
 *   <tr><td>COMPLETE</td><td>starts the call on the subchannel's ready connection; when it has
 *       none any more, the call waits for the next picker</td></tr>
 *   <tr><td>QUEUE</td><td>the call waits in the channel for the next picker</td></tr>
 *   <tr><td>FAIL</td><td>a fail-fast call ends with the status; a wait-for-ready call waits for
 *       the next picker</td></tr>
 *   <tr><td>DROP</td><td>the call ends with the status, wait-for-ready or not</td></tr>
 * </table>
 *
 * <p>Immutable. A picker may hand out the same instance to every call.
 */
public final class PickResult {

  /** The kinds of result. */
  public enum Kind {
    /** Start the call on the result's subchannel. */
    COMPLETE,
    /** Wait for the next picker. */
    QUEUE,
    /** Fail a fail-fast call with the status; a wait-for-ready call waits. */
    FAIL,
    /** End the call with the status, wait-for-ready or not. */
    DROP
  }

  private static final PickResult QUEUE = new PickResult(Kind.QUEUE, null, Status.OK);

  private final Kind kind;
  private final Subchannel subchannel;
  private final Status status;

  private PickResult(Kind kind, Subchannel subchannel, Status status) {
    this.kind = kind;
    this.subchannel = subchannel;
    this.status = status;
  }

  /**
   * Start the call on {@code subchannel}.
   *
   * @param subchannel a READY subchannel of the policy
   * @return a COMPLETE result
   */
  public static PickResult complete(Subchannel subchannel) {
    return new PickResult(Kind.COMPLETE, Objects.requireNonNull(subchannel, "subchannel"),
        Status.OK);
  }

  /**
   * Wait for the next picker.
   *
   * @return the result, one shared instance
   */
  public static PickResult queue() {
    return QUEUE;
  }

  /**
   * Fail fast-failing calls with {@code error}; wait-for-ready calls wait.
   *
   * @param error the status; not OK
   * @return a FAIL result
   */
  public static PickResult fail(Status error) {
    return new PickResult(Kind.FAIL, null, requireError(error));
  }

  /**
   * End the call with {@code error}, even a wait-for-ready one.
   *
   * @param error the status; not OK
   * @return a DROP result
   */
  public static PickResult drop(Status error) {
    return new PickResult(Kind.DROP, null, requireError(error));
  }

  private static Status requireError(Status error) {
    Objects.requireNonNull(error, "error");
    if (error.isOk()) {
      throw new IllegalArgumentException("A failed pick needs an error status");
    }
    return error;
  }

  /**
   * What the channel does with the call.
   *
   * @return COMPLETE, QUEUE, FAIL or DROP
   */
  public Kind kind() {
    return kind;
  }

  /** {@return the subchannel of a COMPLETE result, else null} */
  public Subchannel subchannel() {
    return subchannel;
  }

  /** {@return the error of a FAIL or DROP result, else OK} */
  public Status status() {
    return status;
  }

  @Override
  public String toString() {
    return "PickResult{" + kind + (subchannel != null ? " " + subchannel : "")
        + (status.isOk() ? "" : " " + status) + "}";
  }
}
