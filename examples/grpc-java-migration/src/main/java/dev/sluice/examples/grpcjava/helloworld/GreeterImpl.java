package dev.sluice.examples.grpcjava.helloworld;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** The greeter, as any grpc-java service is written: it extends the generated base class. */
public final class GreeterImpl extends GreeterGrpc.GreeterImplBase {

  @Override
  public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
    if (request.getName().isBlank()) {
      responseObserver.onError(Status.INVALID_ARGUMENT
          .withDescription("name must not be blank").asRuntimeException());
      return;
    }
    responseObserver.onNext(HelloReply.newBuilder()
        .setMessage("Hello " + request.getName())
        .build());
    responseObserver.onCompleted();
  }
}
