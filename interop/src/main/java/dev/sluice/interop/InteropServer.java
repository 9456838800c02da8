package dev.sluice.interop;

import dev.sluice.Server;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * The interop server, driven by the same flags as grpc-java's TestServiceServer:
 * {@code --port=N --use_tls=true|false}. Serves until killed.
 */
public final class InteropServer {

  /** Interop sends requests of up to about 8 MiB. */
  static final H2Config CONFIG = H2Config.DEFAULT.withMaxMessageSize(64 << 20);

  private InteropServer() {}

  /** Starts a server on {@code port} (0: any free port). */
  public static Server start(int port, boolean useTls) throws Exception {
    NettyServerListener.Builder listener =
        NettyServerListener.forAddress(new InetSocketAddress(port)).config(CONFIG);
    if (useTls) {
      listener.tls(InteropCerts.server());
    }
    return TestServiceImpl.register(Server.builder())
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
    Server server = start(flags.integer("port", 8080), flags.bool("use_tls", false));
    System.out.println("Sluice interop server listening on " + server.addresses());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
