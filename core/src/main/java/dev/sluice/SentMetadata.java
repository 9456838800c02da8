package dev.sluice;

/**
 * What a {@link Call} sends of the application's metadata: keys that gRPC reserves for itself
 * ({@link Metadata#isReserved}) are dropped, except the few the library adds itself (the
 * encoding this side asked for) or leaves to the application (a server's retry pushback). Kept
 * apart from the call so that the reserved-key rules read in one place.
 */
final class SentMetadata {

  private SentMetadata() {}

  /**
   * The initial metadata to send: the application's without reserved keys ({@code appHeaders}
   * null: none), with {@code grpc-encoding} when {@code encoding} is not null.
   */
  static Metadata initial(Metadata appHeaders, String encoding) {
    Metadata md = appHeaders != null ? appHeaders.withoutReserved() : new Metadata();
    if (encoding != null) {
      // Reserved keys are the library's own: the compression filter reads this one.
      md = new Metadata(md).add("grpc-encoding", encoding);
    }
    return md;
  }

  /**
   * The application's trailers without reserved keys, except a server's retry pushback ({@link
   * RetryPushback}), which is the application's to send.
   */
  static Metadata trailers(Metadata trailers, boolean client) {
    Metadata md = trailers.withoutReserved();
    String pushback = client || trailers.isEmpty() ? null
        : trailers.get(RetryPushback.TRAILER_KEY);
    return pushback == null ? md : new Metadata(md).add(RetryPushback.TRAILER_KEY, pushback);
  }
}
