package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.AbstractTransportTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import io.netty.channel.local.LocalAddress;
import java.util.UUID;

/**
 * The whole conformance kit over HTTP/2 on the in-memory endpoint, with every read split into
 * 7-byte pieces, so frames and messages arrive cut at awkward places.
 */
class H2InMemoryTransportConformanceTest extends AbstractTransportTest {

  private LocalAddress address;

  @Override
  protected ServerListener newServerListener() {
    address = new LocalAddress("h2-kit-" + UUID.randomUUID());
    return NettyServerListener.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(FaultInjection.builder().splitInbound(7).installer()).build();
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    return NettyConnector.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(FaultInjection.builder().splitInbound(7).installer()).build();
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
