package dev.sluice.bench;

import dev.sluice.h2.hpack.HeaderField;
import java.util.List;

/**
 * The header lists of one typical gRPC unary call, as the benchmarks send them: what a client's
 * request carries and what a server's trailers carry when the call succeeds. Values are fixed,
 * so on a connection whose HPACK tables are warm every field is found in a table.
 */
final class TypicalHeaders {

  /** Request headers: pseudo-headers, gRPC's own headers, then two application entries. */
  static final List<HeaderField> REQUEST = List.of(
      HeaderField.of(":method", "POST"),
      HeaderField.of(":scheme", "http"),
      HeaderField.of(":path", "/grpc.testing.TestService/UnaryCall"),
      HeaderField.of(":authority", "localhost:50051"),
      HeaderField.of("content-type", "application/grpc"),
      HeaderField.of("te", "trailers"),
      HeaderField.of("user-agent", "sluice-java/0.1.0"),
      HeaderField.of("grpc-timeout", "1S"),
      HeaderField.of("x-request-id", "4bf92f3577b34da6a3ce929d0e0e4736"),
      HeaderField.of("x-client-region", "eu-west-1"));

  /** Trailers of a successful call, with one application entry. */
  static final List<HeaderField> TRAILERS = List.of(
      HeaderField.of("grpc-status", "0"),
      HeaderField.of("x-server-cost-ms", "3"));

  private TypicalHeaders() {}
}
