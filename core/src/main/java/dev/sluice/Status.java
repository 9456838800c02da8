package dev.sluice;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of a call: one of the seventeen gRPC status codes, an optional human-readable
 * description, an optional local cause (never sent on the wire) and optional status details bytes
 * (sent as {@code grpc-status-details-bin}, usually a serialized {@code google.rpc.Status}).
 *
 * <p>Instances are immutable; the {@code with*} methods return copies.
 */
public final class Status {

  /** The gRPC status codes, with their wire values. */
  public enum Code {
    /** The call succeeded. */
    OK(0),
    /** The call was cancelled, usually by the caller. */
    CANCELLED(1),
    /** An error with no better code, or an exception thrown by a handler. */
    UNKNOWN(2),
    /** The client sent a request that is wrong whatever the system's state. */
    INVALID_ARGUMENT(3),
    /** The deadline passed before the call ended. */
    DEADLINE_EXCEEDED(4),
    /** Something the call asked for does not exist. */
    NOT_FOUND(5),
    /** Something the call tried to create exists already. */
    ALREADY_EXISTS(6),
    /** The caller may not do this. */
    PERMISSION_DENIED(7),
    /** A resource ran out: a quota, memory, a message size limit. */
    RESOURCE_EXHAUSTED(8),
    /** The system is not in the state the call needs. */
    FAILED_PRECONDITION(9),
    /** The call was aborted, usually by a concurrency conflict. */
    ABORTED(10),
    /** The call went past a valid range. */
    OUT_OF_RANGE(11),
    /** The server does not implement the method. */
    UNIMPLEMENTED(12),
    /** A broken invariant: a bug, on one side or the other. */
    INTERNAL(13),
    /** The service cannot be reached now; a retry may succeed. */
    UNAVAILABLE(14),
    /** Data was lost or corrupted. */
    DATA_LOSS(15),
    /** The call has no valid credentials. */
    UNAUTHENTICATED(16);

    private static final Code[] BY_VALUE = values();
    private final int value;

    Code(int value) {
      this.value = value;
    }

    /**
     * The number carried in {@code grpc-status}.
     *
     * @return the value, 0 to 16
     */
    public int value() {
      return value;
    }

    /**
     * The code for a wire value; values outside 0..16 map to UNKNOWN, as the gRPC spec says.
     *
     * @param value a {@code grpc-status} value
     * @return the code with that value, or UNKNOWN
     */
    public static Code fromValue(int value) {
      return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
    }

    /**
     * The status with this code and no description.
     *
     * @return the status of this code
     */
    public Status toStatus() {
      return CANONICAL[ordinal()];
    }
  }

  private static final Status[] CANONICAL = new Status[Code.values().length];

  static {
    for (Code c : Code.values()) {
      CANONICAL[c.ordinal()] = new Status(c, null, null, null);
    }
  }

  /** {@link Code#OK}, with no description. */
  public static final Status OK = Code.OK.toStatus();
  /** {@link Code#CANCELLED}, with no description. */
  public static final Status CANCELLED = Code.CANCELLED.toStatus();
  /** {@link Code#UNKNOWN}, with no description. */
  public static final Status UNKNOWN = Code.UNKNOWN.toStatus();
  /** {@link Code#INVALID_ARGUMENT}, with no description. */
  public static final Status INVALID_ARGUMENT = Code.INVALID_ARGUMENT.toStatus();
  /** {@link Code#DEADLINE_EXCEEDED}, with no description. */
  public static final Status DEADLINE_EXCEEDED = Code.DEADLINE_EXCEEDED.toStatus();
  /** {@link Code#NOT_FOUND}, with no description. */
  public static final Status NOT_FOUND = Code.NOT_FOUND.toStatus();
  /** {@link Code#ALREADY_EXISTS}, with no description. */
  public static final Status ALREADY_EXISTS = Code.ALREADY_EXISTS.toStatus();
  /** {@link Code#PERMISSION_DENIED}, with no description. */
  public static final Status PERMISSION_DENIED = Code.PERMISSION_DENIED.toStatus();
  /** {@link Code#RESOURCE_EXHAUSTED}, with no description. */
  public static final Status RESOURCE_EXHAUSTED = Code.RESOURCE_EXHAUSTED.toStatus();
  /** {@link Code#FAILED_PRECONDITION}, with no description. */
  public static final Status FAILED_PRECONDITION = Code.FAILED_PRECONDITION.toStatus();
  /** {@link Code#ABORTED}, with no description. */
  public static final Status ABORTED = Code.ABORTED.toStatus();
  /** {@link Code#OUT_OF_RANGE}, with no description. */
  public static final Status OUT_OF_RANGE = Code.OUT_OF_RANGE.toStatus();
  /** {@link Code#UNIMPLEMENTED}, with no description. */
  public static final Status UNIMPLEMENTED = Code.UNIMPLEMENTED.toStatus();
  /** {@link Code#INTERNAL}, with no description. */
  public static final Status INTERNAL = Code.INTERNAL.toStatus();
  /** {@link Code#UNAVAILABLE}, with no description. */
  public static final Status UNAVAILABLE = Code.UNAVAILABLE.toStatus();
  /** {@link Code#DATA_LOSS}, with no description. */
  public static final Status DATA_LOSS = Code.DATA_LOSS.toStatus();
  /** {@link Code#UNAUTHENTICATED}, with no description. */
  public static final Status UNAUTHENTICATED = Code.UNAUTHENTICATED.toStatus();

  private final Code code;
  private final String description;
  private final Throwable cause;
  private final byte[] details;

  private Status(Code code, String description, Throwable cause, byte[] details) {
    this.code = Objects.requireNonNull(code, "code");
    this.description = description;
    this.cause = cause;
    this.details = details;
  }

  /**
   * The status for a wire value of {@code grpc-status}.
   *
   * @param value a {@code grpc-status} value
   * @return the status, with no description
   */
  public static Status fromCodeValue(int value) {
    return Code.fromValue(value).toStatus();
  }

  /** {@return the code} */
  public Code code() {
    return code;
  }

  /** {@return the description, or null when there is none} */
  public String description() {
    return description;
  }

  /** {@return the local cause, or null. A cause is never sent to the peer} */
  public Throwable cause() {
    return cause;
  }

  /** {@return a copy of the status details bytes, or null when there are none} */
  public byte[] details() {
    return details == null ? null : details.clone();
  }

  /** {@return true for the code OK} */
  public boolean isOk() {
    return code == Code.OK;
  }

  /**
   * {@return a copy with {@code newDescription} as the description}
   *
   * @param newDescription the description, or null for none
   */
  public Status withDescription(String newDescription) {
    return new Status(code, newDescription, cause, details);
  }

  /**
   * Appends to the description, keeping what it already says.
   *
   * @param more the text to add on a new line; null adds nothing
   * @return the status with the longer description
   */
  public Status augmentDescription(String more) {
    if (more == null) {
      return this;
    }
    return withDescription(description == null ? more : description + "\n" + more);
  }

  /**
   * {@return a copy with {@code newCause} as the local cause}
   *
   * @param newCause the cause, or null
   */
  public Status withCause(Throwable newCause) {
    return new Status(code, description, newCause, details);
  }

  /**
   * {@return a copy with {@code newDetails} as the status details (copied)}
   *
   * @param newDetails the bytes sent as {@code grpc-status-details-bin}, or null
   */
  public Status withDetails(byte[] newDetails) {
    return new Status(code, description, cause, newDetails == null ? null : newDetails.clone());
  }

  /**
   * An exception carrying this status, for APIs that throw.
   *
   * @return an exception the stubs and handlers understand
   */
  public StatusException asException() {
    return new StatusException(this, null);
  }

  /**
   * An exception carrying this status and the trailers that came with it.
   *
   * @param trailers the trailers to report with the status
   * @return an exception carrying the status and the trailers
   */
  public StatusException asException(Metadata trailers) {
    return new StatusException(this, trailers);
  }

  /**
   * The status a throwable stands for: the status of a {@link StatusException} anywhere in its
   * cause chain, else UNKNOWN with the throwable as cause.
   *
   * @param t what a call failed with
   * @return the status it carries, or UNKNOWN
   */
  public static Status fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return se.status();
      }
    }
    return UNKNOWN.withDescription(String.valueOf(t)).withCause(t);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Status other)) {
      return false;
    }
    // The cause is local diagnostics, not part of a status's identity.
    return code == other.code
        && Objects.equals(description, other.description)
        && Arrays.equals(details, other.details);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, description, Arrays.hashCode(details));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Status{").append(code);
    if (description != null) {
      sb.append(", description=").append(description);
    }
    if (cause != null) {
      sb.append(", cause=").append(cause);
    }
    if (details != null) {
      sb.append(", details=").append(details.length).append(" bytes");
    }
    return sb.append('}').toString();
  }
}
