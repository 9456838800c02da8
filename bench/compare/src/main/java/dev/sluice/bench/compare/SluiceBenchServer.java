package dev.sluice.bench.compare;

import dev.sluice.Server;
import dev.sluice.bench.harness.Flags;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import java.net.InetSocketAddress;

/**
 * {@code grpc.testing.BenchmarkService} ({@link SluiceBenchService}) on Sluice's HTTP/2,
 * plaintext. Flags: {@code --port=N} (0: any free port), {@code --directexecutor} (handlers on the
 * event loop). Prints the address it listens on, then
 * serves until killed. bench/bin/compare starts it with the probe agent, so that clients can
 * read its allocation and heap.
 */
public final class SluiceBenchServer {

  private SluiceBenchServer() {}

  /** The HTTP/2 settings of the benchmark's server and client alike. */
  static H2Config h2Config() {
    return H2Config.DEFAULT
        .withMaxMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .withMaxConcurrentStreams(BenchmarkMethods.MAX_CONCURRENT_STREAMS);
  }

  /** Starts the server on {@code port} (0: any free port). */
  public static Server start(int port) throws Exception {
    return start(port, false);
  }

  /**
   * Starts the server on {@code port} (0: any free port). With {@code direct}, handlers run on
   * the connection's event loop instead of the server's executor, as grpc-java's
   * {@code --directexecutor} does: the benchmark's handlers never block, so that is safe here.
   */
  public static Server start(int port, boolean direct) throws Exception {
    Server.Builder builder = Server.builder()
        .listener(NettyServerListener.forAddress(new InetSocketAddress(port))
            .config(h2Config())
            .build());
    if (direct) {
      builder.executor(Runnable::run);
    }
    return SluiceBenchService.addTo(builder).build().start();
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "port", "directexecutor");
    Server server = start(flags.integer("port", 50051), flags.bool("directexecutor", false));
    System.out.println("Sluice bench server listening on " + server.addresses());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
