package dev.sluice.examples.grpcjava.helloworld;

import dev.sluice.grpcjava.SluiceChannelBuilder;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;

/**
 * The greeter client. The only Sluice line is the builder: with grpc-java's own transport it
 * would read {@code ManagedChannelBuilder.forTarget(target)}.
 */
public final class HelloWorldClient {

  private final GreeterGrpc.GreeterBlockingStub stub;

  /** A client using {@code channel}, which the caller owns. */
  public HelloWorldClient(io.grpc.Channel channel) {
    this.stub = GreeterGrpc.newBlockingStub(channel);
  }

  /** Asks the greeter to greet {@code name}, within five seconds. */
  public String greet(String name) {
    HelloReply reply = stub.withDeadlineAfter(5, TimeUnit.SECONDS)
        .sayHello(HelloRequest.newBuilder().setName(name).build());
    return reply.getMessage();
  }

  /** {@code HelloWorldClient [name [target]]}: greets once (default: world, localhost:50051). */
  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "world";
    String target = args.length > 1 ? args[1] : "localhost:50051";
    ManagedChannel channel = SluiceChannelBuilder.forTarget(target)  // was: ManagedChannelBuilder
        .usePlaintext()
        .build();
    try {
      System.out.println(new HelloWorldClient(channel).greet(name));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
