package dev.sluice.h2;

import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.testing.AbstractChannelStackTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole-stack scenarios over HTTP/2 on a Unix domain socket: through native epoll where it
 * loads, else through the JDK's own Unix sockets on NIO.
 */
class H2UnixSocketChannelStackTest extends AbstractChannelStackTest {

  private DomainSocketAddress address;

  @Override
  protected ServerListener newServerListener() {
    try {
      Path dir = Files.createTempDirectory("sluice-uds");
      address = new DomainSocketAddress(dir.resolve("s.sock").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return NettyServerListener.forAddress(address).build();
  }

  @Override
  protected Connector newConnector(ServerListener started) {
    return NettyConnector.forAddress(address).build();
  }
}
