package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import io.netty.channel.local.LocalAddress;
import java.util.UUID;

/**
 * The whole conformance kit over HTTP/2 on the in-memory endpoint, with every read split into
 * 7-byte pieces, so frames and messages arrive cut at awkward places.
 */
class H2InMemoryTransportConformanceTest extends AbstractH2ConformanceTest {

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
}
