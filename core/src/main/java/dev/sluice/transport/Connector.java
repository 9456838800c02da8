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
   */
  Transport connect();

  /** The target, for errors and logs. */
  String target();
}
