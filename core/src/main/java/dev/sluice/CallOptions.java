package dev.sluice;

import java.time.Duration;

/**
 * Per-call settings on the client.
 *
 * @param deadline when the call must end, or null for none
 * @param authority the {@code :authority} to send, or null for the channel's
 * @param compression the encoding to compress requests with ({@code gzip}), or null for none
 */
public record CallOptions(Deadline deadline, String authority, String compression) {

  /** No deadline, the channel's authority, no compression. */
  public static final CallOptions DEFAULT = new CallOptions(null, null, null);

  public CallOptions withDeadline(Deadline newDeadline) {
    return new CallOptions(newDeadline, authority, compression);
  }

  /** Compress request messages with {@code encoding} (such as {@code gzip}). */
  public CallOptions withCompression(String encoding) {
    return new CallOptions(deadline, authority, encoding);
  }

  /** A deadline {@code timeout} from now. */
  public CallOptions withTimeout(Duration timeout) {
    return withDeadline(Deadline.after(timeout));
  }

  public CallOptions withAuthority(String newAuthority) {
    return new CallOptions(deadline, newAuthority, compression);
  }
}
