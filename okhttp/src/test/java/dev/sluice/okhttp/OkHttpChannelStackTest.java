package dev.sluice.okhttp;

import dev.sluice.testing.AbstractChannelStackTest;
import dev.sluice.transport.Connector;
import dev.sluice.transport.ServerListener;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The whole-stack kit (deadlines, message size, reserved metadata, surface misuse) with
 * OkHttp's client transport under the channel and Sluice's HTTP/2 server.
 */
class OkHttpChannelStackTest extends AbstractChannelStackTest {

  @Override
  protected ServerListener newServerListener() {
    return SluiceServerKit.listener(false);
  }

  @Override
  protected Connector newConnector(ServerListener started) {
    return new OkHttpConnector(new InetSocketAddress("127.0.0.1", SluiceServerKit.port(started)),
        SluiceServerKit.factory(false), null, Duration.ofSeconds(10));
  }
}
