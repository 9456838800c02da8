package dev.sluice;

import java.util.concurrent.CompletionStage;

/**
 * Per-call credentials: headers (an OAuth bearer token, say) computed for each call just before
 * its request headers go out, possibly asynchronously, so a token source may fetch or refresh
 * without blocking an event loop. Give them to one call with {@link
 * CallOptions#withCallCredentials}, to the calls of a stub with {@code
 * stub.withCallCredentials(creds)}, or to every call of a channel with {@link
 * Channel.Builder#callCredentials}; a call's own credentials replace the channel's. The channel
 * applies them itself; a call without credentials pays nothing for the feature.
 *
 * <p>While the headers are computed the call waits, its deadline still running. When the stage
 * fails, the call fails UNAUTHENTICATED with the failure's message. Over a channel that is not
 * secure the call fails UNAUTHENTICATED unless {@link #allowsPlaintext()}: credentials sent in
 * clear text can be read by anyone on the path.
 *
 * <p>Secure or not is decided before the headers go out, and so before the load balancer picks
 * the call's connection: it is the channel's transport security ({@link
 * dev.sluice.transport.ClientTransportFactory#isSecure()}, {@link
 * dev.sluice.transport.Connector#isSecure()}: TLS, or in-process). Every connection of a channel
 * comes from its one transport factory or connector, so the connection the call gets has that
 * security too.
 *
 * <p>Implementations are called from any thread, including event loops: they must not block.
 */
public interface CallCredentials {

  /**
   * The headers to add to one call's request headers.
   *
   * @param path the call's {@code /service/method}
   * @param authority the {@code :authority} it goes to (the audience of a token), or null for
   *     the channel's default
   * @return a stage that completes with the headers to add, or fails to fail the call
   *     UNAUTHENTICATED
   */
  CompletionStage<Metadata> headers(String path, String authority);

  /**
   * True when these credentials may go over a connection without TLS (default false).
   *
   * @return whether the credentials may be sent over a connection that is not secure
   */
  default boolean allowsPlaintext() {
    return false;
  }
}
