package dev.sluice.examples.grpcjava.routeguide;

import dev.sluice.grpcjava.SluiceServerBuilder;
import io.grpc.Server;
import java.io.IOException;

/**
 * The route guide server. The only Sluice line is the builder: with grpc-java's own transport
 * it would read {@code ServerBuilder.forPort(port)}.
 */
public final class RouteGuideServer {

  private RouteGuideServer() {}

  /** Starts a route guide server on {@code port} (0: any free port) with the bundled features. */
  public static Server start(int port) throws IOException {
    return SluiceServerBuilder.forPort(port)   // was: ServerBuilder.forPort(port)
        .addService(new RouteGuideService(Features.load()))
        .build()
        .start();
  }

  /** {@code RouteGuideServer [port]}: serves until the process is stopped (default 50051). */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 50051;
    Server server = start(port);
    System.out.println("Route guide listening on port " + server.getPort());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    server.awaitTermination();
  }
}
