package dev.sluice.bench.compare;

import dev.sluice.Channel;
import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import dev.sluice.okhttp.OkHttpConnector;
import dev.sluice.okhttp.OkHttpTransportFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP/2 load client on Sluice's channel over the OkHttp client transport (h2c with prior
 * knowledge): the same closed loop as {@link SluiceBenchClient} ({@link SluiceClosedLoop}), only
 * the transport differs. Flags: {@code --address=host:port --outstanding=N --duration=S
 * --warmup=S --payload=BYTES --streaming --channels=N}. Prints the harness's result line; exits
 * 1 if any measured call failed.
 */
public final class OkHttpBenchClient {

  private OkHttpBenchClient() {}

  /** A channel to the benchmark server over OkHttp. */
  static Channel connect(InetSocketAddress address) {
    OkHttpTransportFactory factory = OkHttpTransportFactory.builder()
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE).build();
    return Channel.builder(new OkHttpConnector(address, factory, null, Duration.ofSeconds(20)))
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .build();
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "address", "outstanding", "duration", "warmup",
        "payload", "streaming", "channels");
    LoadShape shape = new LoadShape(Transport.H2,
        flags.bool("streaming", false) ? Mode.STREAMING : Mode.UNARY,
        flags.integer("channels", 1), flags.integer("outstanding", 1),
        flags.integer("payload", 0));
    List<Channel> channels = new ArrayList<>();
    LoadResult r;
    try {
      for (int i = 0; i < shape.channels(); i++) {
        channels.add(connect(flags.address("address", "127.0.0.1:50051")));
      }
      r = SluiceClosedLoop.run(channels, shape, flags.seconds("warmup", 5),
          flags.seconds("duration", 10), null);
    } finally {
      for (Channel channel : channels) {
        channel.shutdownNow();
      }
      for (Channel channel : channels) {
        channel.awaitTermination(Duration.ofSeconds(5));
      }
    }
    r.print(System.out);
    System.exit(r.window().errors() == 0 ? 0 : 1);
  }
}
