package dev.sluice.bench.compare;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The same load as {@link SluiceBenchClient}, over Sluice's in-process transport: the server
 * ({@link SluiceBenchService}) and the client in this one JVM, both with Sluice's defaults. The
 * result line says {@code transport=inproc}, and its {@code alloc_bytes_per_call} is everything
 * this JVM allocated in the window (client and server together) over the calls completed.
 *
 * <p>Flags: {@code --outstanding=N --duration=S --warmup=S --payload=BYTES --streaming}.
 */
public final class SluiceInProcessBench {

  private SluiceInProcessBench() {}

  /** Starts the server, runs the load on one channel, stops both. */
  static LoadResult run(LoadShape shape, Duration warmup, Duration duration) throws Exception {
    String name = "sluice-bench-" + UUID.randomUUID();
    Server server = SluiceBenchService.addTo(
        Server.builder().listener(new InProcessServerListener(name))).build().start();
    Channel channel = Channel.builder(new InProcessConnector(name))
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
        .build();
    try {
      return SluiceClosedLoop.run(List.of(channel), shape, warmup, duration, null);
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(Duration.ofSeconds(5));
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
    }
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "outstanding", "duration", "warmup", "payload",
        "streaming");
    LoadShape shape = new LoadShape(Transport.INPROC,
        flags.bool("streaming", false) ? Mode.STREAMING : Mode.UNARY, 1,
        flags.integer("outstanding", 1), flags.integer("payload", 0));
    LoadResult r = run(shape, flags.seconds("warmup", 5), flags.seconds("duration", 10));
    r.print(System.out);
    System.exit(r.window().errors() == 0 ? 0 : 1);
  }
}
