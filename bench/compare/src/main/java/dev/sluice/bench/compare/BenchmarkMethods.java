package dev.sluice.bench.compare;

import com.google.protobuf.ByteString;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.protobuf.ProtoMarshaller;
import io.grpc.benchmarks.proto.Messages.Payload;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;

/**
 * The two methods of {@code grpc.testing.BenchmarkService} (grpc/testing/services.proto) that the
 * side-by-side benchmark drives, written out by hand over the protoc-generated messages.
 */
final class BenchmarkMethods {

  static final String SERVICE = "grpc.testing.BenchmarkService";

  /** One request, one response. */
  static final MethodDescriptor<SimpleRequest, SimpleResponse> UNARY_CALL =
      MethodDescriptor.create(MethodDescriptor.fullName(SERVICE, "UnaryCall"), MethodType.UNARY,
          ProtoMarshaller.of(SimpleRequest.getDefaultInstance()),
          ProtoMarshaller.of(SimpleResponse.getDefaultInstance()));

  /** Ping-pong: one response for each request, on one stream. */
  static final MethodDescriptor<SimpleRequest, SimpleResponse> STREAMING_CALL =
      MethodDescriptor.create(MethodDescriptor.fullName(SERVICE, "StreamingCall"),
          MethodType.BIDI_STREAMING,
          ProtoMarshaller.of(SimpleRequest.getDefaultInstance()),
          ProtoMarshaller.of(SimpleResponse.getDefaultInstance()));

  /** Room for the 1 MiB scenario and its framing, on both sides. */
  static final int MAX_MESSAGE = 16 << 20;

  /**
   * SETTINGS_MAX_CONCURRENT_STREAMS of the benchmark's HTTP/2 server and client: room for the
   * 10,000 idle streams scenario (Sluice's default is 100; grpc-java's server has no limit).
   */
  static final int MAX_CONCURRENT_STREAMS = 20_000;

  private BenchmarkMethods() {}

  /** A payload of {@code size} zero bytes, as grpc-java's qps programs send. */
  static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }

  /** The request grpc-java's AsyncClient sends: a payload, and the size of the one wanted back. */
  static SimpleRequest request(int clientPayload, int serverPayload) {
    return SimpleRequest.newBuilder()
        .setResponseSize(serverPayload)
        .setPayload(payload(clientPayload))
        .build();
  }
}
