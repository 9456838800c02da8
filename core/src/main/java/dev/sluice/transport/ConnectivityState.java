package dev.sluice.transport;

/** The connectivity states of gRPC's connectivity-semantics document. */
public enum ConnectivityState {
  /** Not connected and not trying to. */
  IDLE,
  /** Establishing a connection. */
  CONNECTING,
  /** Ready to carry new streams. */
  READY,
  /** Failed or told to go away; new streams will not start here. */
  TRANSIENT_FAILURE,
  /** Shut down; terminal. */
  SHUTDOWN
}
