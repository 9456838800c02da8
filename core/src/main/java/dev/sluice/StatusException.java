package dev.sluice;

import java.util.Objects;

/**
 * A call ended with a status other than OK. Carries the {@link Status} and, when the peer sent
 * them, the trailers.
 */
public final class StatusException extends RuntimeException {

  /** The status the call ended with. */
  private final Status status;
  /** The trailers that came with it, or null. */
  private final Metadata trailers;

  /**
   * @param status the status; never OK in practice
   * @param trailers the trailers that came with it, or null
   */
  public StatusException(Status status, Metadata trailers) {
    super(message(status), status.cause(), false, true);
    this.status = Objects.requireNonNull(status, "status");
    this.trailers = trailers;
  }

  private static String message(Status status) {
    return status.description() == null
        ? status.code().name()
        : status.code() + ": " + status.description();
  }

  /** {@return the status the call ended with} */
  public Status status() {
    return status;
  }

  /** {@return the trailers, or null when there were none} */
  public Metadata trailers() {
    return trailers;
  }
}
