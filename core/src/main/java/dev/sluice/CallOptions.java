package dev.sluice;

import java.time.Duration;

/**
 * Per-call settings on the client.
 *
 * @param deadline when the call must end, or null for none
 * @param authority the {@code :authority} to send, or null for the channel's
 * @param compression the encoding to compress requests with ({@code gzip}), or null for none
 * @param waitForReady TRUE: the call waits for a ready connection (until its deadline) instead of
 *     failing when the channel is in TRANSIENT_FAILURE; FALSE: fail fast; null: not set by the
 *     application (fail fast, unless a service config says otherwise)
 * @param callCredentials headers (a bearer token, say) computed for the call just before its
 *     request headers go out, or null for the channel's ({@link
 *     Channel.Builder#callCredentials}); see {@link CallCredentials}
 */
public record CallOptions(Deadline deadline, String authority, String compression,
    Boolean waitForReady, CallCredentials callCredentials) {

  /** No deadline, the channel's authority, no compression, fail fast, the channel's credentials. */
  public static final CallOptions DEFAULT = new CallOptions(null, null, null, null, null);

  /**
   * Options without call credentials of their own (the channel's apply).
   *
   * @param deadline when the call must end, or null for none
   * @param authority the {@code :authority} to send, or null for the channel's
   * @param compression the encoding to compress requests with ({@code gzip}), or null for none
   * @param waitForReady TRUE: the call waits for a ready connection (until its deadline) instead of
   *     failing when the channel is in TRANSIENT_FAILURE; FALSE: fail fast; null: not set by the
   *     application (fail fast, unless a service config says otherwise)
   */
  public CallOptions(Deadline deadline, String authority, String compression,
      Boolean waitForReady) {
    this(deadline, authority, compression, waitForReady, null);
  }

  /**
   * {@return a copy with {@code newDeadline} as the deadline (null: none)}
   *
   * @param newDeadline when the call must end, or null
   */
  public CallOptions withDeadline(Deadline newDeadline) {
    return new CallOptions(newDeadline, authority, compression, waitForReady, callCredentials);
  }

  /**
   * Compress request messages with {@code encoding} (such as {@code gzip}).
   *
   * @param encoding the encoding, or null for none
   * @return a copy with that compression
   */
  public CallOptions withCompression(String encoding) {
    return new CallOptions(deadline, authority, encoding, waitForReady, callCredentials);
  }

  /**
   * A deadline {@code timeout} from now.
   *
   * @param timeout the time from now until the deadline
   * @return a copy with that deadline
   */
  public CallOptions withTimeout(Duration timeout) {
    return withDeadline(Deadline.after(timeout));
  }

  /**
   * {@return a copy with {@code newAuthority} as the call's {@code :authority} (null: the
   * channel's)}
   *
   * @param newAuthority the authority, or null
   */
  public CallOptions withAuthority(String newAuthority) {
    return new CallOptions(deadline, newAuthority, compression, waitForReady, callCredentials);
  }

  /**
   * Wait for ready: while the channel cannot reach any server (TRANSIENT_FAILURE, a resolver
   * error), the call waits for a connection until its deadline instead of failing with
   * UNAVAILABLE. A call that was dropped by the load balancer or hit the channel's shutdown still
   * fails.
   *
   * @return a copy that waits for ready
   */
  public CallOptions withWaitForReady() {
    return new CallOptions(deadline, authority, compression, Boolean.TRUE, callCredentials);
  }

  /**
   * Fail fast (the default): the call fails with UNAVAILABLE while no server can be reached.
   *
   * @return a copy that fails fast
   */
  public CallOptions withoutWaitForReady() {
    return new CallOptions(deadline, authority, compression, Boolean.FALSE, callCredentials);
  }

  /**
   * Send {@code credentials} with the call: their headers are computed just before the call's
   * request headers go out and added to them, instead of the channel's credentials. Over a
   * channel that is not secure the call fails UNAUTHENTICATED unless the credentials allow
   * plaintext; see {@link CallCredentials}. Null: the channel's credentials, if any.
   *
   * @param credentials the call's credentials, or null
   * @return a copy with those credentials
   */
  public CallOptions withCallCredentials(CallCredentials credentials) {
    return new CallOptions(deadline, authority, compression, waitForReady, credentials);
  }

  /** {@return true when the call waits for a ready connection (see {@link #withWaitForReady()})} */
  public boolean isWaitForReady() {
    return Boolean.TRUE.equals(waitForReady);
  }
}
