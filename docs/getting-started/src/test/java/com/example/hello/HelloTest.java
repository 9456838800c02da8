package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HelloTest {

  @Test
  void client_greetsThroughTheServer() throws Exception {
    NettyServerListener listener = HelloServer.listener(0);
    Server server = HelloServer.start(listener);
    try {
      String target = "127.0.0.1:" + ((InetSocketAddress) listener.boundAddress()).getPort();
      assertEquals("Hello, Sluice", HelloClient.greet(target, "Sluice"));
    } finally {
      server.shutdownNow();
    }
  }
}
