package dev.sluice.h2;

import dev.sluice.h2.netty.FaultInjection;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import io.netty.channel.local.LocalAddress;
import java.util.UUID;

/**
 * The conformance kit over HTTP/2 in memory, with each side's reads split into pieces of the
 * sizes {@link SplitReadStressTest} draws for the current run ({@link #use}). Not run by itself:
 * its name does not end in {@code Test}; the stress test selects scenarios from it.
 */
class RandomSplitKit extends AbstractH2ConformanceTest {

  private static volatile int serverSplit = 7;
  private static volatile int clientSplit = 7;

  /** Sets the split sizes of the kit runs that start from now on. */
  static void use(int server, int client) {
    serverSplit = server;
    clientSplit = client;
  }

  static int serverSplit() {
    return serverSplit;
  }

  static int clientSplit() {
    return clientSplit;
  }

  private LocalAddress address;

  @Override
  protected ServerListener newServerListener() {
    address = new LocalAddress("h2-stress-" + UUID.randomUUID());
    return NettyServerListener.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(FaultInjection.builder().splitInbound(serverSplit).installer())
        .build();
  }

  @Override
  protected Connector newConnector(ServerListener listener) {
    return NettyConnector.forAddress(address).config(H2KitSupport.KIT_CONFIG)
        .pipelineCustomizer(FaultInjection.builder().splitInbound(clientSplit).installer())
        .build();
  }
}
