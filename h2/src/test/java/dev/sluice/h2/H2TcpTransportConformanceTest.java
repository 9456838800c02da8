package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import java.net.InetSocketAddress;

/** The whole conformance kit over HTTP/2 on loopback TCP, plaintext (h2c). */
class H2TcpTransportConformanceTest extends AbstractH2ConformanceTest {

  @Override
  protected ServerListener newServerListener() {
    return NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(H2KitSupport.withKitAllocator(ch -> {})).build();
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    int port = Integer.parseInt(listener.address().substring(listener.address().lastIndexOf(':') + 1));
    return NettyConnector.forAddress(new InetSocketAddress("127.0.0.1", port))
        .config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(H2KitSupport.withKitAllocator(FaultInjection.builder().installer()))
        .build();
  }
}
