package dev.sluice.bench.grpcjava;

import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.benchmarks.qps.AsyncServer;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sluice's {@code SluiceInProcessBench} on grpc-java: grpc-java's own benchmark service
 * ({@code AsyncServer.BenchmarkServiceImpl}, the one AsyncServer serves) behind grpc-java's
 * in-process transport, and {@link GrpcJavaClosedLoop}'s load, in this one JVM. Both ends keep
 * grpc-java's default executor (its shared cached pool), as Sluice's side keeps its defaults.
 * There is deliberately no direct-executor option: in process, a direct executor at both ends
 * runs each whole call synchronously on the thread that starts it, so a closed loop would
 * recurse into itself and would need a thread per outstanding call: another benchmark. The
 * result line says {@code transport=inproc}; its {@code alloc_bytes_per_call} counts client and
 * server together.
 *
 * <p>Flags: {@code --outstanding=N --duration=S --warmup=S --payload=BYTES --streaming}.
 */
public final class GrpcJavaInProcessBench {

  private GrpcJavaInProcessBench() {}

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "outstanding", "duration", "warmup", "payload",
        "streaming");
    LoadShape shape = new LoadShape(Transport.INPROC,
        flags.bool("streaming", false) ? Mode.STREAMING : Mode.UNARY, 1,
        flags.integer("outstanding", 1), flags.integer("payload", 0));

    String name = "grpc-java-bench-" + UUID.randomUUID();
    Server server = InProcessServerBuilder.forName(name)
        .addService(new AsyncServer.BenchmarkServiceImpl())
        .build()
        .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    LoadResult r;
    try {
      r = GrpcJavaClosedLoop.run(List.of(channel), shape, flags.seconds("warmup", 5),
          flags.seconds("duration", 10), null);
    } finally {
      GrpcJavaBenchClient.close(channel);
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
    r.print(System.out);
    System.exit(r.window().errors() == 0 ? 0 : 1);
  }
}
