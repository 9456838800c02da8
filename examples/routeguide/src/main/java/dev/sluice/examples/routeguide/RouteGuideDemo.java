package dev.sluice.examples.routeguide;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;

/**
 * The route guide in one command: starts a server over HTTP/2 on a free loopback port, runs the
 * client's tour against it, prints what happened, and stops both.
 */
public final class RouteGuideDemo {

  private RouteGuideDemo() {}

  /** No arguments. */
  public static void main(String[] args) throws Exception {
    NettyServerListener listener = RouteGuideServer.loopback(0);
    try (Server server = RouteGuideServer.start(listener)) {
      System.out.println("Server listening on " + listener.boundAddress());
      try (Channel channel =
          Channel.builder(NettyConnector.forAddress(listener.boundAddress()).build()).build()) {
        new RouteGuideClient(channel).tour(System.out);
      }
    }
    System.out.println("Done: client and server stopped.");
  }
}
