package dev.sluice.bench.compare;

import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.grpcjava.SluiceChannelBuilder;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 load client in grpc-java's API on Sluice: {@code --channels} channels built by
 * {@link SluiceChannelBuilder}, each with {@code --outstanding} calls or ping-pong streams in
 * flight through grpc-java's async stub calls ({@link GrpcApiClosedLoop}), flag for flag as
 * {@code SluiceBenchClient}. {@code --directexecutor}: listener callbacks on the transport
 * thread, as grpc-java's.
 */
public final class GrpcApiBenchClient {

  private GrpcApiBenchClient() {}

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "address", "outstanding", "duration", "warmup",
        "payload", "streaming", "channels", "server_probe", "directexecutor");
    LoadShape shape = new LoadShape(Transport.H2,
        flags.bool("streaming", false) ? Mode.STREAMING : Mode.UNARY,
        flags.integer("channels", 1), flags.integer("outstanding", 1),
        flags.integer("payload", 0));
    InetSocketAddress address = flags.address("address", "127.0.0.1:50051");
    List<ManagedChannel> channels = new ArrayList<>();
    LoadResult r;
    try (ProbeClient server = flags.has("server_probe")
        ? ProbeClient.connect(flags.integer("server_probe", 0)) : null) {
      for (int i = 0; i < shape.channels(); i++) {
        SluiceChannelBuilder b = SluiceChannelBuilder
            .forAddress(address.getHostString(), address.getPort())
            .usePlaintext()
            .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE);
        if (flags.bool("directexecutor", false)) {
          b.directExecutor();
        }
        channels.add(b.build());
      }
      r = GrpcApiClosedLoop.run(channels, shape, flags.seconds("warmup", 5),
          flags.seconds("duration", 10), server);
    } finally {
      for (ManagedChannel channel : channels) {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    r.print(System.out);
    System.exit(r.window().errors() == 0 ? 0 : 1);
  }
}
