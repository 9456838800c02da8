package dev.sluice.stub;

import dev.sluice.Channel;
import dev.sluice.MethodDescriptor;
import dev.sluice.Server;
import dev.sluice.ServerCallHandler;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/** A server and a channel joined by the in-process transport, under a fresh name. */
final class Harness implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  final Server server;
  final Channel channel;

  private Harness(Server server, Channel channel) {
    this.server = server;
    this.channel = channel;
  }

  /** Starts a server configured by {@code methods} and a channel to it. */
  static Harness start(Consumer<Server.Builder> methods) throws Exception {
    String name = "stub-test-" + UUID.randomUUID();
    Server.Builder b = Server.builder().listener(new InProcessServerListener(name));
    methods.accept(b);
    Server server = b.build().start();
    return new Harness(server, Channel.builder(new InProcessConnector(name)).build());
  }

  /** Starts a server with one method. */
  static Harness start(MethodDescriptor<?, ?> method, ServerCallHandler handler) throws Exception {
    return start(b -> b.addMethod(method, handler));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      channel.awaitTermination(WAIT);
      server.awaitTermination(WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
