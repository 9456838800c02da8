package dev.sluice.examples.helloworld;

import dev.sluice.stub.ServerCallStreamObserver;

/** The greeter, written in the async style: it must not block. */
public final class AsyncGreeterService extends GreeterSluice.GreeterAsyncImplBase {

  @Override
  public void sayHello(HelloRequest request, ServerCallStreamObserver<HelloReply> responses) {
    responses.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).build());
    responses.onCompleted();
  }
}
