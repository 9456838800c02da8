package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import io.netty.channel.local.LocalAddress;
import java.time.Duration;
import java.util.UUID;

/**
 * The whole conformance kit over HTTP/2 on the in-memory endpoint, with every read split into
 * 7-byte pieces, so frames and messages arrive cut at awkward places.
 */
class H2InMemoryTransportConformanceTest extends AbstractH2ConformanceTest {

  private LocalAddress address;

  /**
   * Every 7-byte read is a buffer slice, and the PARANOID leak detector keeps access records for
   * each: 16 MiB each way took minutes, and 1 MiB both ways at once once outlasted the kit's 10 s
   * hang guard on a loaded 2-core machine. Here 256 KiB, cut by flow control and the reads at
   * awkward places still; within one stream window (1 MiB) though, so it is the TCP and TLS kits,
   * with the full sizes, whose both-ways test needs each side to read while it sends.
   */
  @Override
  protected int largestRoundTripMessage() {
    return 256 << 10;
  }

  /**
   * A longer hang guard than the kit's 10 s. A stream the kit fills and leaves unread holds up to
   * a window (1 MiB) of DATA that the peer must read, 7 bytes at a time with every slice tracked
   * by the PARANOID leak detector, before it gets to the next frame (another stream's HEADERS, a
   * RST_STREAM); on a saturated 2-core machine the tests that do this took 12 to 24 s in all
   * and failed the 10 s guard. Only a hang waits this long.
   */
  @Override
  protected Duration timeout() {
    return Duration.ofSeconds(45);
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
