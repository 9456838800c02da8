package dev.sluice.bench.compare;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.LoadResult;
import dev.sluice.bench.harness.LoadShape;
import dev.sluice.bench.harness.LoadShape.Mode;
import dev.sluice.bench.harness.LoadShape.Transport;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.opentelemetry.SluiceOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What Sluice's OpenTelemetry metrics cost: Sluice's unary throughput over HTTP/2 on loopback
 * (the {@code unary_throughput} shape: one connection, 64 calls in flight, empty messages), with
 * server and client in one JVM, either plain or with {@link SluiceOpenTelemetry} installed on
 * both ends and recording into a real SDK whose periodic reader exports every second (to {@link
 * CountingMetricExporter}). bench/bin/compare runs it once each way per round, in fresh JVMs,
 * and prints the ratio.
 *
 * <p>Flags: {@code --telemetry} (off: plain), {@code --warmup=S --duration=S}. The last line is
 * the harness's result line, plus {@code exports=N points=N} with telemetry on.
 */
public final class SluiceTelemetryBench {

  private static final Duration EXPORT_INTERVAL = Duration.ofSeconds(1);

  private SluiceTelemetryBench() {}

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "telemetry", "warmup", "duration");
    boolean telemetry = flags.bool("telemetry", false);
    CountingMetricExporter exporter = new CountingMetricExporter();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(exporter)
                .setInterval(EXPORT_INTERVAL).build())
            .build())
        .build();
    SluiceOpenTelemetry metrics = SluiceOpenTelemetry.builder(sdk).build();

    NettyServerListener listener = NettyServerListener.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .config(SluiceBenchServer.h2Config())
        .build();
    Server.Builder serverBuilder = SluiceBenchService.addTo(Server.builder().listener(listener));
    Server server = (telemetry ? metrics.configure(serverBuilder) : serverBuilder).build().start();
    InetSocketAddress address = (InetSocketAddress) listener.boundAddress();
    Channel.Builder channelBuilder = Channel.builder(NettyConnector.forAddress(address)
            .config(SluiceBenchServer.h2Config())
            .build())
        .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE);
    Channel channel = (telemetry ? metrics.configure(channelBuilder) : channelBuilder).build();

    LoadResult r;
    try {
      r = SluiceClosedLoop.run(List.of(channel),
          new LoadShape(Transport.H2, Mode.UNARY, 1, 64, 0),
          flags.seconds("warmup", 5), flags.seconds("duration", 10), null);
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(Duration.ofSeconds(5));
      server.shutdownNow();
      server.awaitTermination(Duration.ofSeconds(5));
      sdk.close();
    }
    r.print(System.out);
    if (telemetry) {
      System.out.println("telemetry exports=" + exporter.exports() + " points="
          + exporter.points());
    }
    System.exit(r.window().errors() == 0 ? 0 : 1);
  }
}
