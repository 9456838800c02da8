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
    OK(0), CANCELLED(1), UNKNOWN(2), INVALID_ARGUMENT(3), DEADLINE_EXCEEDED(4), NOT_FOUND(5),
    ALREADY_EXISTS(6), PERMISSION_DENIED(7), RESOURCE_EXHAUSTED(8), FAILED_PRECONDITION(9),
    ABORTED(10), OUT_OF_RANGE(11), UNIMPLEMENTED(12), INTERNAL(13), UNAVAILABLE(14),
    DATA_LOSS(15), UNAUTHENTICATED(16);

    private static final Code[] BY_VALUE = values();
    private final int value;

    Code(int value) {
      this.value = value;
    }

    /** The number carried in {@code grpc-status}. */
    public int value() {
      return value;
    }

    /** The code for a wire value; values outside 0..16 map to UNKNOWN, as the gRPC spec says. */
    public static Code fromValue(int value) {
      return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : UNKNOWN;
    }

    /** The status with this code and no description. */
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

  public static final Status OK = Code.OK.toStatus();
  public static final Status CANCELLED = Code.CANCELLED.toStatus();
  public static final Status UNKNOWN = Code.UNKNOWN.toStatus();
  public static final Status INVALID_ARGUMENT = Code.INVALID_ARGUMENT.toStatus();
  public static final Status DEADLINE_EXCEEDED = Code.DEADLINE_EXCEEDED.toStatus();
  public static final Status NOT_FOUND = Code.NOT_FOUND.toStatus();
  public static final Status ALREADY_EXISTS = Code.ALREADY_EXISTS.toStatus();
  public static final Status PERMISSION_DENIED = Code.PERMISSION_DENIED.toStatus();
  public static final Status RESOURCE_EXHAUSTED = Code.RESOURCE_EXHAUSTED.toStatus();
  public static final Status FAILED_PRECONDITION = Code.FAILED_PRECONDITION.toStatus();
  public static final Status ABORTED = Code.ABORTED.toStatus();
  public static final Status OUT_OF_RANGE = Code.OUT_OF_RANGE.toStatus();
  public static final Status UNIMPLEMENTED = Code.UNIMPLEMENTED.toStatus();
  public static final Status INTERNAL = Code.INTERNAL.toStatus();
  public static final Status UNAVAILABLE = Code.UNAVAILABLE.toStatus();
  public static final Status DATA_LOSS = Code.DATA_LOSS.toStatus();
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

  /** The status for a wire value of {@code grpc-status}. */
  public static Status fromCodeValue(int value) {
    return Code.fromValue(value).toStatus();
  }

  public Code code() {
    return code;
  }

  /** The description, or null when there is none. */
  public String description() {
    return description;
  }

  /** The local cause, or null. A cause is never sent to the peer. */
  public Throwable cause() {
    return cause;
  }

  /** A copy of the status details bytes, or null when there are none. */
  public byte[] details() {
    return details == null ? null : details.clone();
  }

  public boolean isOk() {
    return code == Code.OK;
  }

  public Status withDescription(String newDescription) {
    return new Status(code, newDescription, cause, details);
  }

  /** Appends to the description, keeping what it already says. */
  public Status augmentDescription(String more) {
    if (more == null) {
      return this;
    }
    return withDescription(description == null ? more : description + "\n" + more);
  }

  public Status withCause(Throwable newCause) {
    return new Status(code, description, newCause, details);
  }

  public Status withDetails(byte[] newDetails) {
    return new Status(code, description, cause, newDetails == null ? null : newDetails.clone());
  }

  /** An exception carrying this status, for APIs that throw. */
  public StatusException asException() {
    return new StatusException(this, null);
  }

  /** An exception carrying this status and the trailers that came with it. */
  public StatusException asException(Metadata trailers) {
    return new StatusException(this, trailers);
  }

  /**
   * The status a throwable stands for: the status of a {@link StatusException} anywhere in its
   * cause chain, else UNKNOWN with the throwable as cause.
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
