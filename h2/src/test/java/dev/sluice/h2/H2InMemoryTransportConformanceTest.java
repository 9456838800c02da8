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

  /**
   * 16 MiB each way in 7-byte reads is 4.8 million buffer slices, each tracked with its access
   * records by the PARANOID leak detector: minutes, not seconds. TCP and TLS carry that size;
   * here 4 MiB (and the 4 MiB both-ways test) still cut messages at every awkward place.
   */
  @Override
  protected int largestRoundTripMessage() {
    return 4 << 20;
  }

  @Override
  protected ServerListener newServerListener() {
    address = new LocalAddress("h2-kit-" + UUID.randomUUID());
    return NettyServerListener.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(H2KitSupport.withKitAllocator(
            FaultInjection.builder().splitInbound(7).installer())).build();
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    return NettyConnector.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(H2KitSupport.withKitAllocator(
            FaultInjection.builder().splitInbound(7).installer())).build();
  }
}
