package dev.sluice.bench.compare;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.stub.ClientCallStreamObserver;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.StreamObserver;
import io.grpc.benchmarks.proto.Messages.SimpleRequest;
import io.grpc.benchmarks.proto.Messages.SimpleResponse;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load client for {@code grpc.testing.BenchmarkService} on Sluice, shaped like
 * grpc-java's qps AsyncClient: {@code --channels} connections, each with {@code --outstanding}
 * calls (or, with {@code --streaming}, ping-pong streams) in flight; every completion starts the
 * next. Latency of each round trip goes into an HdrHistogram; after {@code --warmup} seconds the
 * histogram is reset and {@code --duration} seconds are measured. The last line printed is
 *
 * <pre>
 * result impl=sluice mode=unary channels=1 outstanding=1 payload=0 duration_s=3.00 count=...
 *     qps=... p50_us=... p90_us=... p99_us=... p999_us=... max_us=... errors=0
 * </pre>
 *
 * (one line). Flags: {@code --address=host:port --outstanding=N --duration=S --warmup=S
 * --payload=BYTES --streaming --channels=N}.
 */
public final class SluiceBenchClient {

  /** What one run measured. */
  record Result(String mode, int channels, int outstanding, int payload, double seconds,
      Histogram histogram, long errors) {

    double qps() {
      return histogram.getTotalCount() / seconds;
    }

    double micros(double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    String line() {
      return String.format(Locale.ROOT,
          "result impl=sluice mode=%s channels=%d outstanding=%d payload=%d duration_s=%.2f "
              + "count=%d qps=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f "
              + "max_us=%.1f errors=%d",
          mode, channels, outstanding, payload, seconds, histogram.getTotalCount(), qps(),
          micros(50), micros(90), micros(99), micros(99.9),
          histogram.getMaxValue() / 1000.0, errors);
    }
  }

  private final List<Channel> channels = new ArrayList<>();
  private final Recorder recorder = new Recorder(3);
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean running = true;
  private final SimpleRequest request;
  private final CountDownLatch finished;

  private SluiceBenchClient(InetSocketAddress address, int channelCount, int outstanding,
      int payload) {
    this.request = BenchmarkMethods.request(payload, payload);
    this.finished = new CountDownLatch(channelCount * outstanding);
    for (int i = 0; i < channelCount; i++) {
      channels.add(Channel.builder(NettyConnector.forAddress(address)
              .config(H2Config.DEFAULT.withMaxMessageSize(BenchmarkMethods.MAX_MESSAGE))
              .build())
          .maxInboundMessageSize(BenchmarkMethods.MAX_MESSAGE)
          .build());
    }
  }

  /** Runs the load and returns what the measured period saw. */
  static Result run(InetSocketAddress address, int channelCount, int outstanding, int payload,
      boolean streaming, Duration warmup, Duration duration) throws InterruptedException {
    SluiceBenchClient client = new SluiceBenchClient(address, channelCount, outstanding, payload);
    try {
      for (Channel channel : client.channels) {
        for (int i = 0; i < outstanding; i++) {
          if (streaming) {
            client.startStream(channel);
          } else {
            client.unary(channel);
          }
        }
      }
      Thread.sleep(warmup.toMillis());
      client.recorder.getIntervalHistogram(); // drop the warm-up
      long errorsBefore = client.errors.get();
      long start = System.nanoTime();
      Thread.sleep(duration.toMillis());
      Histogram measured = client.recorder.getIntervalHistogram();
      double seconds = (System.nanoTime() - start) / 1e9;
      long errorCount = client.errors.get() - errorsBefore;
      client.running = false;
      client.finished.await(10, TimeUnit.SECONDS);
      return new Result(streaming ? "streaming" : "unary", channelCount, outstanding, payload,
          seconds, measured, errorCount);
    } finally {
      for (Channel channel : client.channels) {
        channel.shutdownNow();
      }
      for (Channel channel : client.channels) {
        channel.awaitTermination(Duration.ofSeconds(5));
      }
    }
  }

  /** One unary call; its completion records the round trip and starts the next. */
  private void unary(Channel channel) {
    long start = System.nanoTime();
    ClientCalls.futureUnary(channel, BenchmarkMethods.UNARY_CALL, CallOptions.DEFAULT, request)
        .whenComplete((reply, t) -> {
          if (t != null) {
            errors.incrementAndGet();
          } else {
            recorder.recordValue(System.nanoTime() - start);
          }
          if (running) {
            unary(channel);
          } else {
            finished.countDown();
          }
        });
  }

  /** One ping-pong stream: each response records the round trip and sends the next request. */
  private void startStream(Channel channel) {
    new PingPong().start(channel);
  }

  private final class PingPong implements StreamObserver<SimpleResponse> {
    private ClientCallStreamObserver<SimpleRequest> requests;
    /** Written before each request goes out, read when its response arrives. */
    private volatile long sentAt;

    void start(Channel channel) {
      requests = ClientCalls.asyncStreaming(channel, BenchmarkMethods.STREAMING_CALL,
          CallOptions.DEFAULT, new Metadata(), this);
      sentAt = System.nanoTime();
      requests.onNext(request);
    }

    @Override
    public void onNext(SimpleResponse value) {
      recorder.recordValue(System.nanoTime() - sentAt);
      if (running) {
        sentAt = System.nanoTime();
        requests.onNext(request);
      } else {
        requests.onCompleted();
      }
    }

    @Override
    public void onError(Throwable t) {
      if (running) {
        errors.incrementAndGet();
      }
      finished.countDown();
    }

    @Override
    public void onCompleted() {
      finished.countDown();
    }
  }

  static void print(Result r, PrintStream out) {
    out.printf(Locale.ROOT, "Channels:                       %d%n", r.channels());
    out.printf(Locale.ROOT, "Outstanding RPCs per Channel:   %d%n", r.outstanding());
    out.printf(Locale.ROOT, "Payload Size (each way):        %d%n", r.payload());
    out.printf(Locale.ROOT, "50%%ile Latency (in micros):     %.0f%n", r.micros(50));
    out.printf(Locale.ROOT, "99%%ile Latency (in micros):     %.0f%n", r.micros(99));
    out.printf(Locale.ROOT, "99.9%%ile Latency (in micros):   %.0f%n", r.micros(99.9));
    out.printf(Locale.ROOT, "QPS:                            %.0f%n", r.qps());
    out.println(r.line());
  }

  public static void main(String[] args) throws Exception {
    Flags flags;
    try {
      flags = new Flags(args, Set.of("address", "outstanding", "duration", "warmup", "payload",
          "streaming", "channels"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String address = flags.string("address", "127.0.0.1:50051");
    int colon = address.lastIndexOf(':');
    InetSocketAddress target = new InetSocketAddress(address.substring(0, colon),
        Integer.parseInt(address.substring(colon + 1)));
    Result r = run(target, flags.integer("channels", 1), flags.integer("outstanding", 1),
        flags.integer("payload", 0), flags.bool("streaming", false),
        Duration.ofMillis((long) (flags.decimal("warmup", 5) * 1000)),
        Duration.ofMillis((long) (flags.decimal("duration", 10) * 1000)));
    print(r, System.out);
    System.exit(r.errors() == 0 ? 0 : 1);
  }
}
