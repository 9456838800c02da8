package dev.sluice.bench.compare;

import dev.sluice.Channel;
import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.h2.netty.NettyConnector;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP/2 load client on Sluice: {@code --channels} connections to {@code --address}, each
 * with {@code --outstanding} calls (or, with {@code --streaming}, ping-pong streams) in flight
 * ({@link SluiceClosedLoop}); {@code --warmup} seconds, then {@code --duration} seconds measured.
 * With {@code --server_probe=PORT} it also reads the server's allocation through the server's
 * probe agent. The last line printed is the harness's result line ({@link LoadResult#line()}).
 * Exits 1 if any measured call failed.
 *
 * <p>Flags: {@code --address=host:port --outstanding=N --duration=S --warmup=S --payload=BYTES
 * --streaming --channels=N --server_probe=PORT}.
 */
public final class SluiceBenchClient {

  private SluiceBenchClient() {}

  /** Connects, runs the load, closes the connections, and returns what the window saw. */
  static LoadResult run(InetSocketAddress address, LoadShape shape, Duration warmup,
      Duration duration, ProbeClient server) throws Exception {
    List<Channel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < shape.channels(); i++) {
        channels.add(connect(address));
      }
      return SluiceClosedLoop.run(channels, shape, warmup, duration, server);
    } finally {
      for (Channel channel : channels) {
        channel.shutdownNow();
      }
      for (Channel channel : channels) {
        channel.awaitTermination(Duration.ofSeconds(5));
      }
    }
  }

  /** A channel to the benchmark server with the benchmark's HTTP/2 settings. */
  static Channel connect(InetSocketAddress address) {
    return Channel.builder(NettyConnector.forAddress(address)
            .config(SluiceBenchServer.h2Config())
            .build())
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .build();
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "address", "outstanding", "duration", "warmup",
        "payload", "streaming", "channels", "server_probe");
    LoadShape shape = new LoadShape(Transport.H2,
        flags.bool("streaming", false) ? Mode.STREAMING : Mode.UNARY,
        flags.integer("channels", 1), flags.integer("outstanding", 1),
        flags.integer("payload", 0));
    LoadResult r;
    try (ProbeClient server = flags.has("server_probe")
        ? ProbeClient.connect(flags.integer("server_probe", 0)) : null) {
      r = run(flags.address("address", "127.0.0.1:50051"), shape, flags.seconds("warmup", 5),
          flags.seconds("duration", 10), server);
    }
    r.print(System.out);
    System.exit(r.window().errors() == 0 ? 0 : 1);
  }
}
