package dev.sluice.channel;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import java.util.Objects;

/**
 * A subchannel's connectivity state and, for TRANSIENT_FAILURE, why.
 *
 * @param state the state
 * @param status OK, except for TRANSIENT_FAILURE: the error of the failed connection attempt
 */
public record SubchannelState(ConnectivityState state, Status status) {
  /**
   * Checks that TRANSIENT_FAILURE comes with an error and other states with OK.
   *
   * @param state the state
   * @param status OK, except for TRANSIENT_FAILURE: the error of the failed connection attempt
   */
  public SubchannelState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(status, "status");
    if (state == ConnectivityState.TRANSIENT_FAILURE && status.isOk()) {
      throw new IllegalArgumentException("TRANSIENT_FAILURE needs an error status");
    }
  }

  /**
   * A state other than TRANSIENT_FAILURE.
   *
   * @param state the state; not TRANSIENT_FAILURE
   * @return the state with OK
   */
  public static SubchannelState of(ConnectivityState state) {
    return new SubchannelState(state, Status.OK);
  }

  /**
   * TRANSIENT_FAILURE with {@code error}.
   *
   * @param error why the connection attempt failed
   * @return the state, with OK as its status
   */
  public static SubchannelState failure(Status error) {
    return new SubchannelState(ConnectivityState.TRANSIENT_FAILURE, error);
  }
}
