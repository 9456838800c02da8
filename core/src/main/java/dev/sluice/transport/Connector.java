package dev.sluice.transport;

/**
 * Makes client transports to one target. A channel asks for a new transport when it has none
 * that is usable.
 */
public interface Connector {

  /**
   * Starts a connection and returns its transport at once. The transport reports CONNECTING,
   * then READY or TRANSIENT_FAILURE to its watchers; streams started before READY wait for it,
   * and fail with UNAVAILABLE if the connection cannot be made.
   *
   * @return the new connection's transport, connecting
   */
  Transport connect();

  /** {@return the target, for errors and logs} */
  String target();

  /**
   * True when what the connections carry cannot be read or changed on the way: TLS, or a
   * transport that never leaves the process. Call credentials that do not allow plaintext are
   * sent only over secure connections. Default false.
   *
   * @return whether the connections are secure
   */
  default boolean isSecure() {
    return false;
  }
}
