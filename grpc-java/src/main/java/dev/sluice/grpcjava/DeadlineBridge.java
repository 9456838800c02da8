package dev.sluice.grpcjava;

import dev.sluice.Deadline;
import io.grpc.Context;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Deadlines and cancelled contexts, from grpc-java's terms into Sluice's. */
final class DeadlineBridge {

  private DeadlineBridge() {}

  /** The earlier of {@code a} and {@code b}; null when both are null. */
  static io.grpc.Deadline earliest(io.grpc.Deadline a, io.grpc.Deadline b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.minimum(b);
  }

  static Deadline toSluice(io.grpc.Deadline deadline) {
    return deadline == null ? null
        : Deadline.after(deadline.timeRemaining(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS);
  }

  static io.grpc.Deadline toGrpc(Deadline deadline) {
    return deadline == null ? null
        : io.grpc.Deadline.after(deadline.timeRemaining(TimeUnit.NANOSECONDS),
            TimeUnit.NANOSECONDS);
  }

  /** The status a call gets when its {@code context} was cancelled, as grpc-java words it. */
  static io.grpc.Status cancelledContextStatus(Context context) {
    Throwable cause = context.cancellationCause();
    if (cause == null) {
      return io.grpc.Status.CANCELLED.withDescription("io.grpc.Context was cancelled without error");
    }
    if (cause instanceof TimeoutException) {
      return io.grpc.Status.DEADLINE_EXCEEDED.withDescription(cause.getMessage()).withCause(cause);
    }
    io.grpc.Status status = io.grpc.Status.fromThrowable(cause);
    if (status.getCode() == io.grpc.Status.Code.UNKNOWN && status.getCause() == cause
        && !(cause instanceof CancellationException)) {
      return io.grpc.Status.CANCELLED.withDescription("Context cancelled").withCause(cause);
    }
    return status;
  }
}
