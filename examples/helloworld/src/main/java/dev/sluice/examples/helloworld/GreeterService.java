package dev.sluice.examples.helloworld;

import dev.sluice.stub.ServerContext;

/** The greeter, written in the blocking style: it runs on the server's executor. */
public final class GreeterService extends GreeterSluice.GreeterBlockingImplBase {

  @Override
  public HelloReply sayHello(HelloRequest request, ServerContext context) {
    return HelloReply.newBuilder().setMessage("Hello " + request.getName()).build();
  }
}
