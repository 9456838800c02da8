package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.AbstractTransportTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.net.InetSocketAddress;

/** The whole conformance kit over HTTP/2 on loopback TCP, plaintext (h2c). */
class H2TcpTransportConformanceTest extends AbstractTransportTest {

  @Override
  protected ServerListener newServerListener() {
    return NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .config(H2KitSupport.KIT_CONFIG).build();
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    int port = Integer.parseInt(listener.address().substring(listener.address().lastIndexOf(':') + 1));
    return NettyConnector.forAddress(new InetSocketAddress("127.0.0.1", port))
        .config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(FaultInjection.builder().installer()).build();
  }

  @Override
  protected int maxConcurrentStreams() {
    return H2KitSupport.KIT_CONFIG.maxConcurrentStreams();
  }

  @Override
  protected int maxHeaderListSize() {
    return H2KitSupport.KIT_CONFIG.maxHeaderListSize();
  }

  @Override
  protected void dropConnection(Transport client) {
    H2KitSupport.drop(client);
  }

  @Override
  protected void sendFrameAfterReset(Transport client, TransportStream stream) {
    H2KitSupport.frameAfterReset(client, stream);
  }

  @Override
  protected void injectGarbage(Transport client) {
    H2KitSupport.garbage(client);
  }
}
