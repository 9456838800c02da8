package dev.sluice.bench.grpcjava;

import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import dev.sluice.bench.harness.ProbeClient;
import io.grpc.ManagedChannel;
import io.grpc.benchmarks.Utils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 load client on grpc-java, flag for flag and line for line Sluice's
 * {@code SluiceBenchClient}: {@code --channels} connections to {@code --address}, built exactly as
 * grpc-java's qps AsyncClient builds them ({@code Utils.newClientChannel}: Netty NIO, plaintext,
 * 1 MiB flow-control window, callbacks on a ForkJoinPool unless {@code --directexecutor}), with
 * {@link GrpcJavaClosedLoop}'s load; {@code --server_probe=PORT} also reads the server's
 * allocation. bench/bin/compare uses it where AsyncClient cannot serve: allocation per call.
 *
 * <p>Flags: {@code --address=host:port --outstanding=N --duration=S --warmup=S --payload=BYTES
 * --streaming --channels=N --server_probe=PORT --directexecutor}.
 */
public final class GrpcJavaBenchClient {

  private GrpcJavaBenchClient() {}

  /** A channel to {@code address} ({@code host:port}) as AsyncClient makes one. */
  static ManagedChannel connect(String address, boolean directExecutor) {
    return Utils.newClientChannel(io.grpc.benchmarks.Transport.NETTY_NIO, address, false, false,
        null, Utils.DEFAULT_FLOW_CONTROL_WINDOW, directExecutor);
  }

  /** Closes {@code channel} and waits a little for it. */
  static void close(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "address", "outstanding", "duration", "warmup",
        "payload", "streaming", "channels", "server_probe", "directexecutor");
    LoadShape shape = new LoadShape(Transport.H2,
        flags.bool("streaming", false) ? Mode.STREAMING : Mode.UNARY,
        flags.integer("channels", 1), flags.integer("outstanding", 1),
        flags.integer("payload", 0));
    String address = flags.string("address", "127.0.0.1:50051");
    boolean direct = flags.bool("directexecutor", false);
    List<ManagedChannel> channels = new ArrayList<>();
    LoadResult r;
    try (ProbeClient server = flags.has("server_probe")
        ? ProbeClient.connect(flags.integer("server_probe", 0)) : null) {
      for (int i = 0; i < shape.channels(); i++) {
        channels.add(connect(address, direct));
      }
      r = GrpcJavaClosedLoop.run(channels, shape, flags.seconds("warmup", 5),
          flags.seconds("duration", 10), server);
    } finally {
      for (ManagedChannel channel : channels) {
        close(channel);
      }
    }
    r.print(System.out);
    System.exit(r.window().errors() == 0 ? 0 : 1);
  }
}
