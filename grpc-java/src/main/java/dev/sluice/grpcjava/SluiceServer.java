package dev.sluice.grpcjava;

import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.inproc.InProcessSocketAddress;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A grpc-java {@link io.grpc.Server} that is a Sluice {@link Server}: grpc-java services,
 * interceptors and handlers served by Sluice's transports. Made by {@link SluiceServerBuilder}.
 */
public final class SluiceServer extends io.grpc.Server {

  private final Server server;
  private final List<ServerServiceDefinition> services;
  private final List<NettyServerListener> tcpListeners;
  private final String inProcessName;

  SluiceServer(Server server, List<ServerServiceDefinition> services,
      List<NettyServerListener> tcpListeners, String inProcessName) {
    this.server = Objects.requireNonNull(server, "server");
    this.services = List.copyOf(services);
    this.tcpListeners = List.copyOf(tcpListeners);
    this.inProcessName = inProcessName;
  }

  /** {@return the Sluice server underneath, for what the grpc-java API does not cover} */
  public Server sluiceServer() {
    return server;
  }

  @Override
  public SluiceServer start() throws IOException {
    server.start();
    return this;
  }

  /** The port of the first TCP listener once started; -1 when there is none (in process). */
  @Override
  public int getPort() {
    for (SocketAddress a : getListenSockets()) {
      if (a instanceof java.net.InetSocketAddress inet) {
        return inet.getPort();
      }
    }
    return -1;
  }

  @Override
  public List<? extends SocketAddress> getListenSockets() {
    List<SocketAddress> out = new ArrayList<>();
    if (inProcessName != null) {
      out.add(new InProcessSocketAddress(inProcessName));
    }
    for (NettyServerListener l : tcpListeners) {
      SocketAddress a = l.boundAddress();
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public List<ServerServiceDefinition> getServices() {
    return services;
  }

  @Override
  public List<ServerServiceDefinition> getImmutableServices() {
    return services;
  }

  @Override
  public List<ServerServiceDefinition> getMutableServices() {
    return List.of();
  }

  @Override
  public SluiceServer shutdown() {
    server.shutdown();
    return this;
  }

  @Override
  public SluiceServer shutdownNow() {
    server.shutdownNow();
    return this;
  }

  @Override
  public boolean isShutdown() {
    return server.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    try {
      return awaitTermination(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return server.awaitTermination(Duration.ofNanos(unit.toNanos(timeout)));
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    while (!awaitTermination(1, TimeUnit.DAYS)) {
      // keep waiting: grpc-java's awaitTermination() has no timeout
    }
  }

  @Override
  public String toString() {
    return "SluiceServer{" + server.addresses() + "}";
  }
}
