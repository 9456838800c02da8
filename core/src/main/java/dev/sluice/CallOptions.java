package dev.sluice;

import java.time.Duration;

/**
 * Per-call settings on the client.
 *
 * @param deadline when the call must end, or null for none
 * @param authority the {@code :authority} to send, or null for the channel's
 */
public record CallOptions(Deadline deadline, String authority) {

  /** No deadline, the channel's authority. */
  public static final CallOptions DEFAULT = new CallOptions(null, null);

  public CallOptions withDeadline(Deadline newDeadline) {
    return new CallOptions(newDeadline, authority);
  }

  /** A deadline {@code timeout} from now. */
  public CallOptions withTimeout(Duration timeout) {
    return withDeadline(Deadline.after(timeout));
  }

  public CallOptions withAuthority(String newAuthority) {
    return new CallOptions(deadline, newAuthority);
  }
}
