package dev.sluice.examples.helloworld;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ServiceDefinition;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The greeter over HTTP/2 on a free loopback port. */
class Http2HelloWorldTest extends HelloWorldTests {

  @Override
  Endpoints start(ServiceDefinition service) throws Exception {
    NettyServerListener listener = NettyServerListener
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .build();
    Server server = service.addTo(Server.builder().listener(listener)).build().start();
    return new Endpoints(server,
        Channel.builder(NettyConnector.forAddress(listener.boundAddress()).build()).build());
  }
}
