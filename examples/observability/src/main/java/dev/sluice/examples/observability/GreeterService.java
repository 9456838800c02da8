package dev.sluice.examples.observability;

import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.stub.ServerContext;

/** The greeter: refuses an empty name, greets any other. */
public final class GreeterService extends GreeterSluice.GreeterBlockingImplBase {

  @Override
  public HelloReply sayHello(HelloRequest request, ServerContext context) {
    if (request.getName().isEmpty()) {
      throw Status.INVALID_ARGUMENT.withDescription("name is empty").asException();
    }
    return HelloReply.newBuilder().setMessage("Hello " + request.getName()).build();
  }
}
