package dev.sluice;

import java.util.concurrent.CompletionStage;

/**
 * Per-call credentials: headers (an OAuth bearer token, say) computed for each call just before
 * its request headers go out, possibly asynchronously, so a token source may fetch or refresh
 * without blocking an event loop. Put them on a call with {@code call.values().put(
 * CallCredentials.KEY, creds)} before its first batch (the stub layer does it from its
 * options), on a channel with a {@link dev.sluice.filter.CallCredentialsFilter}.
 *
 * <p>While the headers are computed the call waits, its deadline still running. When the stage
 * fails, the call fails UNAUTHENTICATED with the failure's message. Over a channel without TLS
 * the call fails UNAUTHENTICATED unless {@link #allowsPlaintext()}: credentials sent in clear
 * text can be read by anyone on the path.
 *
 * <p>Implementations are called from any thread, including event loops: they must not block.
 */
public interface CallCredentials {

  /** Where a call's credentials are kept in its {@link Call#values()}. */
  CallValues.Key<CallCredentials> KEY = CallValues.key("call-credentials");

  /**
   * The headers to add to one call's request headers.
   *
   * @param path the call's {@code /service/method}
   * @param authority the {@code :authority} it goes to (the audience of a token), or null for
   *     the channel's default
   */
  CompletionStage<Metadata> headers(String path, String authority);

  /** True when these credentials may go over a connection without TLS (default false). */
  default boolean allowsPlaintext() {
    return false;
  }
}
