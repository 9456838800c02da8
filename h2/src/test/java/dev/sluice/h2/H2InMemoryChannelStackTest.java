package dev.sluice.h2;

import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.AbstractChannelStackTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import io.netty.channel.local.LocalAddress;
import java.util.UUID;

/** The whole-stack scenarios (deadlines, limits, surface rules) over HTTP/2 in memory. */
class H2InMemoryChannelStackTest extends AbstractChannelStackTest {

  private LocalAddress address;

  @Override
  protected ServerListener newServerListener() {
    address = new LocalAddress("h2-stack-" + UUID.randomUUID());
    return NettyServerListener.forAddress(address).build();
  }

  @Override
  protected Connector newConnector(ServerListener started) {
    return NettyConnector.forAddress(address).build();
  }
}
