package dev.sluice.bench.compare;

import dev.sluice.bench.harness.Flags;
import dev.sluice.h2.netty.EventLoops;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The floor under the side-by-side benchmark: a plain Netty TCP echo, with no gRPC, run on the
 * same machine in the same run as Sluice and grpc-java, so that their figures can be read as
 * "this close to the limit".
 *
 * <p><b>What the floor is.</b> The same loopback, the same Netty build and I/O engine that
 * Sluice uses by default (its shared {@link EventLoops}: epoll when the native library loads,
 * NIO otherwise; TCP_NODELAY; the channel's default allocator, Netty 4.2's pooling adaptive
 * allocator), carrying the same shapes of traffic as the gRPC scenarios. What it measures is the
 * cost of the kernel's loopback, the system calls, the event loop wake-ups and Netty's pipeline
 * and buffers, and nothing else.
 *
 * <p><b>What it is not.</b> No HTTP/2: no frames, streams, SETTINGS, or flow-control windows.
 * No HPACK, no headers or trailers, no protobuf, no gRPC message prefix, no hop from the event
 * loop to an application executor, no TLS. Messages are built once and sent as views of one
 * buffer, and the server echoes raw bytes without parsing them: in bulk mode it returns the
 * start of a chunk before the rest has arrived, where a gRPC server must receive a whole
 * message before answering. No gRPC implementation can do better than the floor, nor is it
 * expected to reach it; the distance to it is what each implementation adds.
 *
 * <p><b>Roles.</b> The first argument names the role; flags follow.
 *
 * <pre>
 * NettyEchoFloor server [--port=50051]
 * NettyEchoFloor client [--address=127.0.0.1:50051] [--mode=pingpong|bulk] [--outstanding=1]
 *                       [--size=BYTES] [--warmup=5] [--duration=10]
 * </pre>
 *
 * <p>The server prints the address it listens on, then echoes until killed (port 0: any free
 * port). The client keeps {@code --outstanding} exchanges in flight on one connection, each
 * completion sending the next: in {@code pingpong} mode a length-prefixed message of
 * {@code --size} bytes (default 16, see {@link FloorMode#PINGPONG}), in {@code bulk} mode a raw
 * chunk of {@code --size} bytes (default 1 MiB). The round trip of each exchange goes into an
 * HdrHistogram that is reset after {@code --warmup} seconds; {@code --duration} seconds are
 * measured. Its last line is the parseable
 *
 * <pre>
 * result impl=netty mode=pingpong outstanding=1 size=16 duration_s=5.00 count=... qps=...
 *     p50_us=... p90_us=... p99_us=... p999_us=... max_us=... mbps=... errors=0
 * </pre>
 *
 * (one line), where {@code mbps} is payload MB/s (10^6 bytes) in each direction and
 * {@code errors} counts the whole run, warm-up included. The client exits 1 when it counted
 * errors, 2 on bad arguments.
 */
public final class NettyEchoFloor {

  private NettyEchoFloor() {}

  /** Runs the role named by {@code args[0]}; see the class comment. */
  public static void main(String[] args) throws Exception {
    String role = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (role) {
        case "server" -> serve(new Flags(rest, Set.of("port")));
        case "client" -> System.exit(runClient(new Flags(rest,
            Set.of("address", "mode", "outstanding", "size", "warmup", "duration"))));
        default -> throw new IllegalArgumentException(
            "Usage: NettyEchoFloor server [--port=N] | client [--address=host:port] "
                + "[--mode=pingpong|bulk] [--outstanding=N] [--size=BYTES] [--warmup=S] "
                + "[--duration=S]");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  private static void serve(Flags flags) throws Exception {
    FloorEchoServer server = FloorEchoServer.start(flags.integer("port", 50051));
    System.out.println("Netty echo floor listening on " + server.address() + " ("
        + ioName() + ")");
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    // The event loop threads are daemons; this thread keeps the process alive.
    Thread.currentThread().join();
  }

  private static int runClient(Flags flags) throws Exception {
    FloorMode mode = FloorMode.parse(flags.string("mode", "pingpong"));
    FloorResult result = FloorClient.run(
        flags.address("address", "127.0.0.1:50051"),
        mode,
        flags.integer("outstanding", 1),
        flags.integer("size", mode.defaultSize()),
        flags.seconds("warmup", 5),
        flags.seconds("duration", 10));
    print(result, System.out);
    if (result.errors() > 0) {
      System.err.println("First error: " + result.firstError());
      return 1;
    }
    return 0;
  }

  /** A human summary, then {@link FloorResult#line()} last. */
  static void print(FloorResult r, PrintStream out) {
    out.printf(Locale.ROOT, "Mode:                           %s%n", r.mode().flagName());
    out.printf(Locale.ROOT, "I/O:                            %s%n", ioName());
    out.printf(Locale.ROOT, "Outstanding on one connection:  %d%n", r.outstanding());
    out.printf(Locale.ROOT, "Payload Size (each way):        %d%n", r.size());
    out.printf(Locale.ROOT, "50%%ile Latency (in micros):     %.0f%n", r.micros(50));
    out.printf(Locale.ROOT, "99%%ile Latency (in micros):     %.0f%n", r.micros(99));
    out.printf(Locale.ROOT, "99.9%%ile Latency (in micros):   %.0f%n", r.micros(99.9));
    out.printf(Locale.ROOT, "QPS:                            %.0f%n", r.qps());
    out.printf(Locale.ROOT, "MB/s (each way):                %.1f%n", r.mbps());
    out.println(r.line());
  }

  private static String ioName() {
    return EventLoops.kind().name().toLowerCase(Locale.ROOT);
  }

}
