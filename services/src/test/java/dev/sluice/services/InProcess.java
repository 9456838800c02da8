package dev.sluice.services;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/** A server and a channel joined by the in-process transport, under a fresh name. */
final class InProcess implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  final Server server;
  final Channel channel;

  private InProcess(Server server, Channel channel) {
    this.server = server;
    this.channel = channel;
  }

  static InProcess start(Consumer<Server.Builder> services) throws Exception {
    String name = "services-test-" + UUID.randomUUID();
    Server.Builder b = Server.builder().listener(new InProcessServerListener(name));
    services.accept(b);
    Server server = b.build().start();
    return new InProcess(server, Channel.builder(new InProcessConnector(name)).build());
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow();
    channel.awaitTermination(WAIT);
    server.awaitTermination(WAIT);
  }
}
