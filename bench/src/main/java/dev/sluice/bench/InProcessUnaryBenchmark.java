package dev.sluice.bench;

import dev.sluice.CompletionQueue;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * One unary call round trip over the in-process transport, driven through the core's
 * {@code Batch}/{@code CompletionQueue} API ({@link UnaryFixture}): a new call, one client batch
 * with all six ops, the server's filters, its handler executor and two server batches, and the
 * completion posted back to the queue. No bytes are framed or copied onto a wire, except the
 * 64-byte payloads, which the marshaller serializes because byte arrays are not immutable.
 *
 * <p>Why it matters: this is the fixed cost of the call machinery above any transport (batch
 * bookkeeping, filter chain, thread hand-offs), so it bounds what any transport can reach and
 * shows regressions in the core without network noise. Compare with {@link H2UnaryBenchmark}
 * to see what HTTP/2 over TCP adds.
 *
 * <p>With one JMH thread the figure is calls per second made one after another, so its inverse
 * is the round-trip latency; run with {@code -t N} for N concurrent callers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InProcessUnaryBenchmark {

  private static final AtomicInteger NAMES = new AtomicInteger();

  /** The server and channel, shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Endpoints {
    UnaryFixture fixture;

    @Setup(Level.Trial)
    public void start() throws Exception {
      String name = "sluice-bench-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
      fixture = new UnaryFixture(new InProcessServerListener(name),
          listener -> new InProcessConnector(listener.address()));
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
