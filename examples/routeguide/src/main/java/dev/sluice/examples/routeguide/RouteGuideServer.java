package dev.sluice.examples.routeguide;

import dev.sluice.Server;
import dev.sluice.transport.ServerListener;
import dev.sluice.h2.netty.NettyServerListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Serves {@code routeguide.RouteGuide}; {@link #main} listens over HTTP/2 on loopback. */
public final class RouteGuideServer {

  private RouteGuideServer() {}

  /** Starts a route guide server on {@code listener}, answering from the bundled database. */
  public static Server start(ServerListener listener) throws IOException {
    Server.Builder builder = Server.builder().listener(listener);
    new RouteGuideService(Features.load()).bindService().addTo(builder);
    return builder.build().start();
  }

  /** An HTTP/2 listener on the loopback address; port 0 picks a free port. */
  public static NettyServerListener loopback(int port) {
    return NettyServerListener
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .build();
  }

  /** Arguments: {@code [--port PORT]}, default 50051. Serves until the process is stopped. */
  public static void main(String[] args) throws Exception {
    int port = 50051;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].startsWith("--port=")) {
        port = Integer.parseInt(args[i].substring("--port=".length()));
      } else {
        throw new IllegalArgumentException("Unknown argument: " + args[i]);
      }
    }
    NettyServerListener listener = loopback(port);
    Server server = start(listener);
    System.out.println("Route guide listening on " + listener.boundAddress());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
    server.awaitTermination(java.time.Duration.ofDays(365));
  }
}
