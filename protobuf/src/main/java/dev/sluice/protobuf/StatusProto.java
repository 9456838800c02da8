package dev.sluice.protobuf;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.StatusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rich error details: a {@code google.rpc.Status} (code, message and {@link Any} details such as
 * {@code ErrorInfo}, {@code RetryInfo} or {@code BadRequest}) carried with a call's status in
 * the {@code grpc-status-details-bin} trailer, the same way grpc-java's {@code StatusProto}
 * and the other gRPC implementations carry it.
 *
 * <pre>{@code
 * // server
 * throw StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
 *     .setCode(Code.INVALID_ARGUMENT.getNumber()).setMessage("bad name")
 *     .addDetails(Any.pack(badRequest)).build());
 * // client
 * com.google.rpc.Status rich = StatusProto.fromThrowable(e);   // null when there is none
 * BadRequest br = StatusProto.detail(rich, BadRequest.class);  // null when absent
 * }</pre>
 */
public final class StatusProto {

  private StatusProto() {}

  /**
   * The Sluice status for {@code proto}: its code, its message as the description, and the
   * whole of it as the details.
   *
   * @param proto the rich error to send, as built by the application
   * @return a status to end a call with; its details carry {@code proto} to the peer
   * @throws IllegalArgumentException if the code is not a gRPC status code, or is OK
   */
  public static Status toStatus(com.google.rpc.Status proto) {
    Objects.requireNonNull(proto, "proto");
    int code = proto.getCode();
    if (code <= 0 || Status.Code.fromValue(code).value() != code) {
      throw new IllegalArgumentException("google.rpc.Status code " + code
          + " is not a gRPC error status code (1 to 16)");
    }
    return Status.fromCodeValue(code)
        .withDescription(proto.getMessage().isEmpty() ? null : proto.getMessage())
        .withDetails(proto.toByteArray());
  }

  /**
   * An exception carrying {@link #toStatus(com.google.rpc.Status)}, to throw or pass on.
   *
   * @param proto the rich error to send; its code must not be OK
   * @return an exception that ends the call with {@code proto}'s status when thrown from a handler
   */
  public static StatusException toStatusException(com.google.rpc.Status proto) {
    return toStatus(proto).asException();
  }

  /**
   * As {@link #toStatusException(com.google.rpc.Status)}, with more trailers to send.
   *
   * @param proto the rich error to send; its code must not be OK
   * @param trailers further trailers to send with the status
   * @return an exception that ends the call with {@code proto}'s status and {@code trailers}
   */
  public static StatusException toStatusException(com.google.rpc.Status proto,
      Metadata trailers) {
    return toStatus(proto).asException(Objects.requireNonNull(trailers, "trailers"));
  }

  /**
   * {@return the {@code google.rpc.Status} that came with {@code status}, or null when it has no
   * details}
   *
   * @param status a call's final status, as a stub or {@link StatusException} reports it
   * @throws IllegalArgumentException if the details are not a {@code google.rpc.Status}, or
   *     its code is not the status's code (a peer sent contradicting errors)
   */
  public static com.google.rpc.Status fromStatus(Status status) {
    byte[] details = Objects.requireNonNull(status, "status").details();
    if (details == null) {
      return null;
    }
    com.google.rpc.Status proto;
    try {
      proto = com.google.rpc.Status.parseFrom(details);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "grpc-status-details-bin does not hold a google.rpc.Status", e);
    }
    if (proto.getCode() != status.code().value()) {
      throw new IllegalArgumentException("google.rpc.Status code " + proto.getCode()
          + " does not match the call's status " + status.code() + " ("
          + status.code().value() + ")");
    }
    return proto;
  }

  /**
   * {@return the {@code google.rpc.Status} of the first {@link StatusException} in {@code t}'s
   * cause chain, or null when there is none or it has no details}
   *
   * @param t what a call failed with; the cause chain is searched
   */
  public static com.google.rpc.Status fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return fromStatus(se.status());
      }
    }
    return null;
  }

  /**
   * {@return the first detail of type {@code type} in {@code proto}, or null when it has none}
   *
   * @param <T> the detail's message type
   * @param proto the status whose details to search
   * @param type the class of the detail wanted, such as {@code RetryInfo.class}
   */
  public static <T extends Message> T detail(com.google.rpc.Status proto, Class<T> type) {
    List<T> all = details(proto, type);
    return all.isEmpty() ? null : all.get(0);
  }

  /**
   * {@return every detail of type {@code type} in {@code proto}, in order}
   *
   * @param <T> the detail's message type
   * @param proto the status whose details to search
   * @param type the class of the details wanted, such as {@code BadRequest.class}
   * @throws IllegalArgumentException if one that claims to be of that type does not parse
   */
  public static <T extends Message> List<T> details(com.google.rpc.Status proto, Class<T> type) {
    Objects.requireNonNull(type, "type");
    List<T> out = new ArrayList<>();
    if (proto == null) {
      return out;
    }
    for (Any any : proto.getDetailsList()) {
      if (any.is(type)) {
        try {
          out.add(any.unpack(type));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException("Detail " + any.getTypeUrl() + " does not parse", e);
        }
      }
    }
    return out;
  }
}
