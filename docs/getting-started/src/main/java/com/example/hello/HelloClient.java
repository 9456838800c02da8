package com.example.hello;

import dev.sluice.Channel;
import java.time.Duration;

/** Calls a Greeter: {@code HelloClient [target] [name]}. */
public final class HelloClient {

  private HelloClient() {}

  /** Asks the server at {@code target} to greet {@code name}. */
  public static String greet(String target, String name) throws InterruptedException {
    try (Channel channel = Channel.forTarget(target)) {
      HelloReply reply = GreeterSluice.newBlockingStub(channel)
          .withTimeout(Duration.ofSeconds(5))
          .sayHello(HelloRequest.newBuilder().setName(name).build());
      return reply.getMessage();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    String target = args.length > 0 ? args[0] : "127.0.0.1:50051";
    System.out.println(greet(target, args.length > 1 ? args[1] : "world"));
  }
}
