package com.example.hello;

import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ServerContext;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A Greeter server over HTTP/2: {@code HelloServer [port]} (50051 by default). */
public final class HelloServer {

  /** The service: one blocking handler per method, from the generated base class. */
  static final class Greeter extends GreeterSluice.GreeterBlockingImplBase {
    @Override
    public HelloReply sayHello(HelloRequest request, ServerContext context) {
      return HelloReply.newBuilder().setMessage("Hello, " + request.getName()).build();
    }
  }

  private HelloServer() {}

  /** A listener on 127.0.0.1:{@code port} (0: any free port). */
  public static NettyServerListener listener(int port) {
    return NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", port)).build();
  }

  /** Starts a server with the Greeter on {@code listener}. */
  public static Server start(NettyServerListener listener) throws Exception {
    Server.Builder builder = Server.builder().listener(listener);
    new Greeter().bindService().addTo(builder);
    return builder.build().start();
  }

  public static void main(String[] args) throws Exception {
    NettyServerListener listener = listener(args.length > 0 ? Integer.parseInt(args[0]) : 50051);
    Server server = start(listener);
    System.out.println("listening on " + listener.boundAddress());
    while (!server.awaitTermination(Duration.ofHours(1))) {
      // serve until the process is stopped
    }
  }
}
