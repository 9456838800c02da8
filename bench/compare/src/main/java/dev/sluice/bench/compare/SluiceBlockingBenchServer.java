package dev.sluice.bench.compare;

import dev.sluice.Server;
import dev.sluice.bench.harness.Flags;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ServerCalls;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import java.net.InetSocketAddress;

/**
 * {@code grpc.testing.BenchmarkService}'s {@code UnaryCall} written the way most applications
 * write a server: a blocking handler ({@link ServerCalls#unary}) that returns its response, run
 * on the server's default executor (a virtual thread per call on JDK 21 and later, a pool on JDK
 * 17). It answers exactly as {@link SluiceBenchServer} does, so the two set the idiomatic path
 * against the tuned async one under the same load. Flags: {@code --port=N} (0: any free port).
 * Prints the address it listens on, then serves until killed.
 */
public final class SluiceBlockingBenchServer {

  private SluiceBlockingBenchServer() {}

  /** Starts the server on {@code port} (0: any free port). */
  public static Server start(int port) throws Exception {
    return Server.builder()
        .listener(NettyServerListener.forAddress(new InetSocketAddress(port))
            .config(SluiceBenchServer.h2Config())
            .build())
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .addMethod(BenchmarkMethods.UNARY_CALL,
            ServerCalls.<SimpleRequest, SimpleResponse>unary(
                (request, context) -> SluiceBenchService.responseFor(request)))
        .build()
        .start();
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "port");
    Server server = start(flags.integer("port", 50051));
    System.out.println("Sluice blocking bench server listening on " + server.addresses()
        + " (Java " + Runtime.version().feature() + ")");
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
