package dev.sluice.opentelemetry;

import dev.sluice.Status;
import io.opentelemetry.api.common.Attributes;

/**
 * The metric attributes of one method (and, on the client, one target), made once: the set a
 * call-started counter takes, and one set per status code for the instruments recorded at the
 * end. A recording then builds (and sorts) no {@link Attributes} of its own.
 */
final class MetricLabels {

  private static final Status.Code[] CODES = Status.Code.values();

  final Attributes started;
  private final Attributes[] ended = new Attributes[CODES.length];

  private MetricLabels(Attributes started) {
    this.started = started;
    for (Status.Code code : CODES) {
      ended[code.ordinal()] = started.toBuilder().put(Instruments.STATUS, code.name()).build();
    }
  }

  /** {@code grpc.method} and {@code grpc.target}, as the client records them. */
  static MetricLabels client(String method, String target) {
    return new MetricLabels(Attributes.of(Instruments.METHOD, method, Instruments.TARGET, target));
  }

  /** {@code grpc.method}, as the server records it. */
  static MetricLabels server(String method) {
    return new MetricLabels(Attributes.of(Instruments.METHOD, method));
  }

  /** The started set with {@code grpc.status} the name of {@code status}'s code. */
  Attributes ended(Status status) {
    return ended[status.code().ordinal()];
  }
}
