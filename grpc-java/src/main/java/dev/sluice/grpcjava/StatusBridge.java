package dev.sluice.grpcjava;

import dev.sluice.Status;

/**
 * Converts between grpc-java's {@link io.grpc.Status} and Sluice's {@link Status}: the same code,
 * description and cause. Status details ({@code grpc-status-details-bin}) are a trailer in
 * grpc-java and part of the status in Sluice; {@link #detailsFrom} and {@link #addDetails} move
 * them across.
 */
final class StatusBridge {

  private StatusBridge() {}

  static Status toSluice(io.grpc.Status grpc) {
    return Status.fromCodeValue(grpc.getCode().value())
        .withDescription(grpc.getDescription())
        .withCause(grpc.getCause());
  }

  static io.grpc.Status toGrpc(Status sluice) {
    return io.grpc.Status.fromCodeValue(sluice.code().value())
        .withDescription(sluice.description())
        .withCause(sluice.cause());
  }

  /** {@code status} with the details grpc-java put in {@code trailers}, removed from them. */
  static Status detailsFrom(Status status, io.grpc.Metadata trailers) {
    io.grpc.Metadata.Key<byte[]> key = MetadataBridge.binaryKey(MetadataBridge.STATUS_DETAILS_KEY);
    byte[] details = trailers == null ? null : trailers.get(key);
    if (details == null) {
      return status;
    }
    trailers.removeAll(key);
    return status.withDetails(details);
  }

  /** Adds {@code status}'s details to {@code trailers}, where grpc-java code looks for them. */
  static void addDetails(Status status, io.grpc.Metadata trailers) {
    byte[] details = status.details();
    if (details != null) {
      io.grpc.Metadata.Key<byte[]> key =
          MetadataBridge.binaryKey(MetadataBridge.STATUS_DETAILS_KEY);
      trailers.discardAll(key);
      trailers.put(key, details);
    }
  }
}
