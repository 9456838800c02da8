package dev.sluice.bench.compare;

import dev.sluice.Server;
import dev.sluice.stub.ServerCallStreamObserver;
import dev.sluice.stub.ServerCalls;
import dev.sluice.stub.StreamObserver;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;

/**
 * {@code grpc.testing.BenchmarkService}'s {@code UnaryCall} and {@code StreamingCall} in Sluice,
 * answering as grpc-java's qps AsyncServer does: each response carries {@code response_size}
 * zero bytes of payload. Shared by the HTTP/2 server and the in-process benchmark.
 */
final class SluiceBenchService {

  private SluiceBenchService() {}

  /** Registers both methods on {@code server} and returns it. */
  static Server.Builder addTo(Server.Builder server) {
    return server
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .addMethod(BenchmarkMethods.UNARY_CALL,
            ServerCalls.<SimpleRequest, SimpleResponse>asyncUnary((request, responses) -> {
              responses.onNext(responseFor(request));
              responses.onCompleted();
            }))
        .addMethod(BenchmarkMethods.STREAMING_CALL,
            ServerCalls.<SimpleRequest, SimpleResponse>asyncBidi(SluiceBenchService::pingPong));
  }

  /**
   * The response to {@code request}, as grpc-java's {@code Utils.makeResponse} builds it: the
   * shared default instance when no payload is asked for, otherwise a new message with a new
   * payload of that many zeros.
   */
  static SimpleResponse responseFor(SimpleRequest request) {
    if (request.getResponseSize() == 0) {
      return SimpleResponse.getDefaultInstance();
    }
    return SimpleResponse.newBuilder()
        .setPayload(BenchmarkMethods.payload(request.getResponseSize()))
        .build();
  }

  private static StreamObserver<SimpleRequest> pingPong(
      ServerCallStreamObserver<SimpleResponse> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SimpleRequest request) {
        responses.onNext(responseFor(request));
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }
}
