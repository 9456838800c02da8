package dev.sluice.h2;

/**
 * The stream states of RFC 9113 §5.1 that a gRPC peer can reach (push is refused, so the two
 * "reserved" states never occur), with the transitions as a pure function.
 *
 * <pre>
 *                    send/recv HEADERS
 *   IDLE ─────────────────────────────────▶ OPEN
 *                                            │
 *        send END_STREAM ┌───────────────────┴──────────────────┐ recv END_STREAM
 *                        ▼                                      ▼
 *               HALF_CLOSED_LOCAL                       HALF_CLOSED_REMOTE
 *                        │ recv END_STREAM                      │ send END_STREAM
 *                        └──────────────▶ CLOSED ◀──────────────┘
 *   any state: send or recv RST_STREAM ──▶ CLOSED
 * </pre>
 */
public enum StreamState {
  /** Not opened yet: no HEADERS sent or received. */
  IDLE,
  /** Both sides may send. */
  OPEN,
  /** We sent END_STREAM; the peer may still send. */
  HALF_CLOSED_LOCAL,
  /** The peer sent END_STREAM; we may still send. */
  HALF_CLOSED_REMOTE,
  /** Done: both sides ended, or the stream was reset. */
  CLOSED;

  /**
   * The state after we send a HEADERS frame (with END_STREAM when {@code endStream}).
   *
   * @param endStream whether the HEADERS frame carries END_STREAM
   * @return the next state; whether we may send is for {@link #canSend()} to say
   */
  public StreamState onSendHeaders(boolean endStream) {
    StreamState s = this == IDLE ? OPEN : this;
    return endStream ? s.onSendEndStream() : s;
  }

  /**
   * The state after the peer's HEADERS frame (with END_STREAM when {@code endStream}).
   *
   * @param endStream whether the HEADERS frame carries END_STREAM
   * @return the next state; whether the peer may send is for {@link #canReceive()} to say
   */
  public StreamState onRecvHeaders(boolean endStream) {
    StreamState s = this == IDLE ? OPEN : this;
    return endStream ? s.onRecvEndStream() : s;
  }

  /**
   * The state after we send END_STREAM.
   *
   * @return the next state; unchanged when we had already ended our side
   */
  public StreamState onSendEndStream() {
    return switch (this) {
      case IDLE, OPEN -> HALF_CLOSED_LOCAL;
      case HALF_CLOSED_REMOTE, CLOSED -> CLOSED;
      case HALF_CLOSED_LOCAL -> HALF_CLOSED_LOCAL;
    };
  }

  /**
   * The state after the peer's END_STREAM.
   *
   * @return the next state; unchanged when the peer had already ended its side
   */
  public StreamState onRecvEndStream() {
    return switch (this) {
      case IDLE, OPEN -> HALF_CLOSED_REMOTE;
      case HALF_CLOSED_LOCAL, CLOSED -> CLOSED;
      case HALF_CLOSED_REMOTE -> HALF_CLOSED_REMOTE;
    };
  }

  /** {@return true when the peer may still send frames that carry data on this stream} */
  public boolean canReceive() {
    return this == OPEN || this == HALF_CLOSED_LOCAL;
  }

  /** {@return true when we may still send DATA or HEADERS on this stream} */
  public boolean canSend() {
    return this == IDLE || this == OPEN || this == HALF_CLOSED_REMOTE;
  }
}
