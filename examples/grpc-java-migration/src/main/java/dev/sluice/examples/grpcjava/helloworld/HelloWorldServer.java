package dev.sluice.examples.grpcjava.helloworld;

import dev.sluice.grpcjava.SluiceServerBuilder;
import io.grpc.Server;
import java.io.IOException;

/**
 * The greeter server. The only Sluice line is the builder: with grpc-java's own transport it
 * would read {@code ServerBuilder.forPort(port)}.
 */
public final class HelloWorldServer {

  private HelloWorldServer() {}

  /** Starts a greeter server on {@code port} (0: any free port). */
  public static Server start(int port) throws IOException {
    return SluiceServerBuilder.forPort(port)   // was: ServerBuilder.forPort(port)
        .addService(new GreeterImpl())
        .build()
        .start();
  }

  /** {@code HelloWorldServer [port]}: serves until the process is stopped (default port 50051). */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 50051;
    Server server = start(port);
    System.out.println("Greeter listening on port " + server.getPort());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    server.awaitTermination();
  }
}
