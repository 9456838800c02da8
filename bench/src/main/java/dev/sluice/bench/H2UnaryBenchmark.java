package dev.sluice.bench;

import dev.sluice.CompletionQueue;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One unary call round trip over Sluice's HTTP/2 on loopback TCP (plaintext), with the server and
 * the client in the benchmark's JVM, driven exactly as {@link InProcessUnaryBenchmark} drives
 * the in-process transport ({@link UnaryFixture}). On top of the core's call path it measures
 * HPACK, framing, flow control, the gRPC message framer and deframer, Netty's event loops and
 * the kernel's loopback. All calls share one connection, opened before timing starts.
 *
 * <p>Why it matters: it is the closest a micro benchmark gets to a real call, and the gap to
 * the in-process figure is what the HTTP/2 transport costs per call. Client, server and both
 * event loops share the machine's cores, so on a small machine the figure also reflects
 * contention between them.
 *
 * <p>With one JMH thread the figure is calls per second made one after another, so its inverse
 * is the round-trip latency; run with {@code -t N} for N concurrent callers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class H2UnaryBenchmark {

  /** The server and channel, shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Endpoints {
    UnaryFixture fixture;

    @Setup(Level.Trial)
    public void start() throws Exception {
      fixture = new UnaryFixture(
          NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0)).build(),
          listener -> NettyConnector.forAddress(listener.boundAddress()).build());
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      fixture.close();
    }
  }

  /** Each benchmark thread waits on its own queue. */
  @State(Scope.Thread)
  public static class Queue {
    final CompletionQueue queue = new CompletionQueue();
  }

  @Benchmark
  public byte[] unaryCall(Endpoints endpoints, Queue queue) throws InterruptedException {
    return endpoints.fixture.unaryCall(queue.queue);
  }
}
