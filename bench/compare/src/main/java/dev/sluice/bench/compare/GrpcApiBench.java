package dev.sluice.bench.compare;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * {@code grpc.testing.BenchmarkService} in grpc-java's API, for the pairing that runs grpc-java's
 * API on Sluice (module {@code sluice-grpc-java}): method descriptors with grpc-java's protobuf
 * marshaller, as grpc-java's generated {@code BenchmarkServiceGrpc} has them, and the service
 * answering as grpc-java's qps AsyncServer does.
 */
final class GrpcApiBench {

  static final MethodDescriptor<SimpleRequest, SimpleResponse> UNARY_CALL =
      MethodDescriptor.<SimpleRequest, SimpleResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(
              BenchmarkMethods.SERVICE, "UnaryCall"))
          .setRequestMarshaller(ProtoUtils.marshaller(SimpleRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(SimpleResponse.getDefaultInstance()))
          .build();

  static final MethodDescriptor<SimpleRequest, SimpleResponse> STREAMING_CALL =
      MethodDescriptor.<SimpleRequest, SimpleResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(
              BenchmarkMethods.SERVICE, "StreamingCall"))
          .setRequestMarshaller(ProtoUtils.marshaller(SimpleRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(SimpleResponse.getDefaultInstance()))
          .build();

  private GrpcApiBench() {}

  /** The service, bound as a grpc-java {@code BindableService} would bind it. */
  static ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(BenchmarkMethods.SERVICE)
        .addMethod(UNARY_CALL, ServerCalls.asyncUnaryCall(
            (SimpleRequest request, StreamObserver<SimpleResponse> responses) -> {
              responses.onNext(SluiceBenchService.responseFor(request));
              responses.onCompleted();
            }))
        .addMethod(STREAMING_CALL, ServerCalls.asyncBidiStreamingCall(
            (StreamObserver<SimpleResponse> responses) -> new StreamObserver<SimpleRequest>() {
              @Override
              public void onNext(SimpleRequest request) {
                responses.onNext(SluiceBenchService.responseFor(request));
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                responses.onCompleted();
              }
            }))
        .build();
  }
}
