package dev.sluice.bench.compare;

import dev.sluice.bench.harness.Flags;
import dev.sluice.grpcjava.SluiceServerBuilder;
import io.grpc.Server;

/**
 * {@code grpc.testing.BenchmarkService} in grpc-java's API ({@link GrpcApiBench}) served by
 * {@link SluiceServerBuilder}: grpc-java's API on Sluice's HTTP/2, plaintext. Flags: {@code
 * --port=N}, {@code --directexecutor} (handlers and callbacks on the event loop). Serves until
 * killed; bench/bin/compare starts it with the probe agent.
 */
public final class GrpcApiBenchServer {

  private GrpcApiBenchServer() {}

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "port", "directexecutor");
    SluiceServerBuilder b = SluiceServerBuilder.forPort(flags.integer("port", 50051))
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .addService(GrpcApiBench.service());
    if (flags.bool("directexecutor", false)) {
      b.directExecutor();
    }
    Server server = b.build().start();
    System.out.println("grpc-java API on Sluice bench server listening on port "
        + server.getPort());
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    server.awaitTermination();
  }
}
