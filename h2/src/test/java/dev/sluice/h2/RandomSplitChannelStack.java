package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.AbstractChannelStackTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import io.netty.channel.local.LocalAddress;
import java.util.UUID;

/**
 * The whole-stack scenarios over HTTP/2 in memory with split reads, sizes as {@link
 * RandomSplitKit#use} set them. Not run by itself; {@link SplitReadStressTest} selects from it.
 */
class RandomSplitChannelStack extends AbstractChannelStackTest {

  private LocalAddress address;

  @Override
  protected ServerListener newServerListener() {
    address = new LocalAddress("h2-stress-stack-" + UUID.randomUUID());
    return NettyServerListener.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(
            FaultInjection.builder().splitInbound(RandomSplitKit.serverSplit()).installer())
        .build();
  }

  @Override
  protected Connector newConnector(ServerListener started) {
    return NettyConnector.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(
            FaultInjection.builder().splitInbound(RandomSplitKit.clientSplit()).installer())
        .build();
  }
}
