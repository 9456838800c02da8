package dev.sluice.examples.routeguide;

import dev.sluice.Channel;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;

/** The route guide over HTTP/2 on a free loopback port. */
class Http2RouteGuideTest extends RouteGuideTests {

  @Override
  Endpoints start() throws Exception {
    NettyServerListener listener = RouteGuideServer.loopback(0);
    return new Endpoints(RouteGuideServer.start(listener),
        Channel.builder(NettyConnector.forAddress(listener.boundAddress()).build()).build());
  }
}
