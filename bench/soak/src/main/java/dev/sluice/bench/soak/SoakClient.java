package dev.sluice.bench.soak;

import dev.sluice.Channel;
import dev.sluice.bench.harness.DirectMemoryGauge;
import dev.sluice.bench.harness.Flags;
import dev.sluice.bench.harness.HeapGauge;
import dev.sluice.bench.harness.ProbeClient;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyConnector;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.ToLongFunction;

/**
 * The soak's client: against one {@link SoakServer} (in its own JVM, with the probe agent), it
 * opens {@code --streams} long-lived bidi streams on one connection and keeps them pinged
 * ({@link StreamFleet}), makes {@code --calls} unary calls on a second connection spread over
 * {@code --duration} seconds ({@link UnaryLoad}), and every {@code --sample} seconds reads both
 * JVMs' heap after GC and direct memory and prints them as a line ({@link MemorySample}). The run
 * lasts until every call has ended, at least {@code --duration} has passed and enough samples for
 * a verdict were taken after {@code --warmup} seconds; then the streams half-close, and
 * {@link GrowthCheck} judges each series sampled after warm-up.
 *
 * <p>Prints, on standard output: one {@code t=...} line per sample, one {@code check ...} line per
 * series, and a last {@code result ...} line. Exits 0 when nothing failed and nothing grew, 1 when
 * a call or a stream failed or a series grew, 2 on a bad command line.
 *
 * <p>Flags: {@code --address=host:port --server_probe=PORT} (both required), {@code --calls=N
 * --streams=N --duration=S --warmup=S --sample=S --outstanding=N --payload=BYTES
 * --ping_interval=S --tolerance=FRACTION --slack_mib=N}.
 */
public final class SoakClient {

  private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(2);

  private final Settings settings;
  private final ProbeClient server;
  private final PrintStream out;
  private final List<MemorySample> samples = new ArrayList<>();

  /** The run's shape, from the flags. */
  record Settings(InetSocketAddress address, long calls, int streams, Duration duration,
      Duration warmup, Duration sample, int outstanding, int payload, Duration pingInterval,
      GrowthCheck check) {

    static Settings of(Flags flags) {
      Duration duration = flags.seconds("duration", 300);
      return new Settings(
          flags.address("address", "127.0.0.1:50051"),
          Long.parseLong(flags.string("calls", "1000000")),
          flags.integer("streams", 10_000),
          duration,
          flags.seconds("warmup", Math.max(10, duration.toSeconds() / 5.0)),
          flags.seconds("sample", 5),
          flags.integer("outstanding", 32),
          flags.integer("payload", 100),
          flags.seconds("ping_interval", 10),
          new GrowthCheck(Double.parseDouble(flags.string("tolerance", "0.10")),
              (long) flags.integer("slack_mib", 4) << 20));
    }
  }

  SoakClient(Settings settings, ProbeClient server, PrintStream out) {
    this.settings = settings;
    this.server = server;
    this.out = out;
  }

  /** Runs the soak; returns the exit status (0: passed, 1: failed). */
  int run() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "soak-scheduler");
      t.setDaemon(true);
      return t;
    });
    Channel streamChannel = connect();
    Channel unaryChannel = connect();
    byte[] payload = new byte[settings.payload()];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    StreamFleet fleet = new StreamFleet(streamChannel, settings.streams(),
        settings.pingInterval(), payload, scheduler);
    UnaryLoad load = new UnaryLoad(unaryChannel, settings.calls(), settings.outstanding(),
        settings.duration(), payload, scheduler);
    try {
      log("opening " + settings.streams() + " long-lived streams");
      if (!fleet.open(OPEN_TIMEOUT)) {
        log("the streams did not all open within " + OPEN_TIMEOUT);
        return 1;
      }
      log("running " + settings.calls() + " unary calls over at least "
          + settings.duration().toSeconds() + " s, sampling every "
          + settings.sample().toMillis() / 1000.0 + " s");
      long start = System.nanoTime();
      fleet.startPinging();
      load.start();
      long next = start;
      int measured = 0;
      while (true) {
        next += settings.sample().toNanos();
        boolean last = load.done().isDone()
            && System.nanoTime() - start >= settings.duration().toNanos()
            && measured >= GrowthCheck.MIN_SAMPLES;
        if (last) {
          break;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        MemorySample s = sample((System.nanoTime() - start) / 1e9, load, fleet);
        samples.add(s);
        if (isMeasured(s)) {
          measured++;
        }
        out.println(s.line());
        out.flush();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      boolean closed = fleet.close(CLOSE_TIMEOUT);
      return verdict(seconds, load, fleet, closed);
    } finally {
      scheduler.shutdownNow();
      streamChannel.shutdownNow();
      unaryChannel.shutdownNow();
    }
  }

  private Channel connect() {
    return Channel.builder(NettyConnector.forAddress(settings.address())
        .config(H2Config.DEFAULT.withMaxConcurrentStreams(SoakServer.MAX_CONCURRENT_STREAMS))
        .build()).build();
  }

  private MemorySample sample(double seconds, UnaryLoad load, StreamFleet fleet)
      throws IOException {
    long heap = server.usedHeapAfterGc();
    long direct = server.nettyDirectBytes();
    long jdkDirect = server.jdkDirectBytes();
    long clientHeap = HeapGauge.usedAfterGc();
    return new MemorySample(seconds, load.answered(), load.failed(), fleet.pingsAnswered(), heap,
        direct, jdkDirect, clientHeap, DirectMemoryGauge.nettyBytes(),
        DirectMemoryGauge.jdkBytes());
  }

  private int verdict(double seconds, UnaryLoad load, StreamFleet fleet, boolean closed) {
    List<MemorySample> measured = new ArrayList<>();
    for (MemorySample s : samples) {
      if (isMeasured(s)) {
        measured.add(s);
      }
    }
    boolean growing = false;
    boolean judged = true;
    try {
      growing |= check("heap_after_gc", measured, MemorySample::heapAfterGc);
      growing |= check("direct", measured, MemorySample::direct);
      growing |= check("client_heap_after_gc", measured, MemorySample::clientHeapAfterGc);
      growing |= check("client_direct", measured, MemorySample::clientDirect);
    } catch (IllegalArgumentException tooFew) {
      log(tooFew.getMessage());
      judged = false;
    }
    boolean lost = fleet.pingsAnswered() != fleet.pingsSent();
    boolean failed = load.failed() > 0 || fleet.failed() > 0 || !closed || lost
        || load.answered() != settings.calls();
    if (load.firstFailure() != null) {
      log("first unary failure: " + load.firstFailure());
    }
    if (fleet.firstFailure() != null) {
      log("first stream failure: " + fleet.firstFailure());
    }
    if (!closed) {
      log("the streams did not all end within " + CLOSE_TIMEOUT + " of their half-close");
    }
    boolean passed = judged && !growing && !failed;
    out.println(String.format(Locale.ROOT, "result seconds=%.1f calls=%d calls_failed=%d"
        + " streams=%d stream_failures=%d pings_sent=%d pings_answered=%d samples=%d"
        + " verdict=%s", seconds, load.answered(), load.failed(), settings.streams(),
        fleet.failed(), fleet.pingsSent(), fleet.pingsAnswered(), samples.size(),
        passed ? "PASS" : !judged ? "NO_VERDICT" : growing ? "GROWING" : "FAILED"));
    out.flush();
    return passed ? 0 : 1;
  }

  /** True for a sample taken after warm-up. */
  private boolean isMeasured(MemorySample s) {
    return s.seconds() >= settings.warmup().toNanos() / 1e9;
  }

  /** Prints the series' verdict; true if it grows. Series without a figure (-1) are skipped. */
  private boolean check(String name, List<MemorySample> measured,
      ToLongFunction<MemorySample> figure) {
    List<Long> values = new ArrayList<>();
    for (MemorySample s : measured) {
      values.add(figure.applyAsLong(s));
    }
    if (values.stream().anyMatch(v -> v < 0)) {
      out.println("check series=" + name + " verdict=no_figure");
      return false;
    }
    GrowthCheck.Verdict v = settings.check().check(name, values);
    out.println(v.line());
    return v.growing();
  }

  private static void log(String message) {
    System.err.println("soak: " + message);
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "address", "server_probe", "calls", "streams",
        "duration", "warmup", "sample", "outstanding", "payload", "ping_interval", "tolerance",
        "slack_mib");
    if (!flags.has("server_probe")) {
      System.err.println("--server_probe=PORT is required: the server's memory is the point");
      System.exit(2);
    }
    Settings settings = Settings.of(flags);
    int status;
    try (ProbeClient server = ProbeClient.connect(flags.integer("server_probe", 0))) {
      status = new SoakClient(settings, server, System.out).run();
    }
    System.exit(status);
  }
}
