package dev.sluice.channel;

import dev.sluice.Status;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps control-plane failures (resolvers, load balancers) from posing as application errors: a
 * call must not end with NOT_FOUND because a resolver said so. Codes an application could take
 * for its server's answer become INTERNAL (gRFC A54).
 */
final class ControlPlaneStatus {

  private static final Set<Status.Code> INAPPROPRIATE = EnumSet.of(Status.Code.OK,
      Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS,
      Status.Code.FAILED_PRECONDITION, Status.Code.ABORTED, Status.Code.OUT_OF_RANGE,
      Status.Code.DATA_LOSS);

  private ControlPlaneStatus() {}

  static Status sanitize(Status s) {
    if (!INAPPROPRIATE.contains(s.code())) {
      return s;
    }
    return Status.INTERNAL.withDescription("Inappropriate status code from control plane: "
        + s.code() + " " + s.description()).withCause(s.cause());
  }
}
