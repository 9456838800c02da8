package dev.sluice.interop;

import dev.sluice.Server;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.services.health.HealthStatusManager;
import dev.sluice.services.reflection.ProtoReflectionService;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * The interop server, driven by the same flags as grpc-java's TestServiceServer:
 * {@code --port=N --use_tls=true|false}. Serves until killed. Besides the interop services it
 * serves health ({@code grpc.health.v1}) and server reflection, so that {@code sluice list},
 * {@code describe}, {@code call} and {@code health} work against it.
 */
public final class InteropServer {

  /** Interop sends requests of up to about 8 MiB. */
  static final H2Config CONFIG = H2Config.DEFAULT.withMaxMessageSize(64 << 20);

  private InteropServer() {}

  /** Starts a server on {@code port} (0: any free port). */
  public static Server start(int port, boolean useTls) throws Exception {
    return start(port, useTls, new HealthStatusManager());
  }

  /** As {@link #start(int, boolean)}, its health served from {@code health}. */
  public static Server start(int port, boolean useTls, HealthStatusManager health)
      throws Exception {
    NettyServerListener.Builder listener =
        NettyServerListener.forAddress(new InetSocketAddress(port)).config(CONFIG);
    if (useTls) {
      listener.tls(InteropCerts.server());
    }
    Server.Builder b = TestServiceImpl.register(Server.builder());
    health.setStatus(TestServiceMethods.SERVICE, dev.sluice.services.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    health.healthService().addTo(b);
    ProtoReflectionService.create().addTo(b);
    return b
        .listener(listener.build())
        .maxInboundMessageSize(64 << 20)
        .build()
        .start();
  }

  public static void main(String[] args) throws Exception {
    Flags flags;
    try {
      flags = new Flags(args, Set.of("port", "use_tls", "use_alts", "address_type"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    HealthStatusManager health = new HealthStatusManager();
    Server server = start(flags.integer("port", 8080), flags.bool("use_tls", false), health);
    System.out.println("Sluice interop server listening on " + server.addresses());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      health.enterTerminalState();
      server.shutdownNow();
    }));
    Thread.currentThread().join();
  }
}
