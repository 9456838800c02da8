package dev.sluice.examples.helloworld;

import dev.sluice.Channel;
import dev.sluice.inproc.InProcessConnector;
import java.time.Duration;

/** Greets once with the blocking stub and once with the async stub. */
public final class HelloWorldClient {

  private HelloWorldClient() {}

  /** Arguments: the server's in-process name, then the name to greet. */
  public static void main(String[] args) throws Exception {
    String target = args.length > 0 ? args[0] : "helloworld";
    String user = args.length > 1 ? args[1] : "world";
    try (Channel channel = Channel.builder(new InProcessConnector(target)).build()) {
      HelloRequest request = HelloRequest.newBuilder().setName(user).build();

      HelloReply blocking = GreeterSluice.newBlockingStub(channel)
          .withTimeout(Duration.ofSeconds(5))
          .sayHello(request);
      System.out.println("blocking: " + blocking.getMessage());

      HelloReply async = GreeterSluice.newAsyncStub(channel).sayHello(request).get();
      System.out.println("async:    " + async.getMessage());
    }
  }
}
