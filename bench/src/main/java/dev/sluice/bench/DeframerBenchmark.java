package dev.sluice.bench;

import dev.sluice.h2.grpc.MessageDeframer;
import dev.sluice.h2.grpc.MessageFramer;
import dev.sluice.transport.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link MessageDeframer} cutting gRPC messages (5-byte prefix plus body) out of DATA payloads of
 * 16 KiB, the default HTTP/2 max frame size. Each operation is one message taken out and
 * released:
 *
 * <ul>
 *   <li>{@link #deframe1KiB}: {@value #SMALL_COUNT} messages of 1 KiB, about 16 to a payload;
 *       most lie inside one payload (a zero-copy slice), some straddle two.
 *   <li>{@link #deframe64KiB}: {@value #LARGE_COUNT} messages of 64 KiB, each spread over five
 *       payloads and so joined into a composite buffer.
 * </ul>
 *
 * <p>The payloads are retained slices of one prepared buffer, as {@code FrameReader} hands them
 * out, so no bytes are copied before the deframer sees them.
 *
 * <p>Why it matters: every received message of every HTTP/2 call passes through the deframer on
 * the connection's thread; how it handles messages spanning frames decides whether large
 * messages are copied.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeframerBenchmark {

  static final int CHUNK = 16 * 1024;
  static final int SMALL = 1024;
  static final int SMALL_COUNT = 256;
  static final int LARGE = 64 * 1024;
  static final int LARGE_COUNT = 4;

  private ByteBuf smallStream;
  private ByteBuf largeStream;
  private MessageDeframer deframer;

  @Setup
  public void setUp() {
    smallStream = framedMessages(SMALL, SMALL_COUNT);
    largeStream = framedMessages(LARGE, LARGE_COUNT);
    deframer = new MessageDeframer(PooledByteBufAllocator.DEFAULT, Integer.MAX_VALUE);
  }

  @TearDown
  public void tearDown() {
    deframer.close();
    smallStream.release();
    largeStream.release();
  }

  private static ByteBuf framedMessages(int size, int count) {
    ByteBuf buf = Unpooled.buffer(count * (MessageFramer.HEADER_LENGTH + size));
    for (int i = 0; i < count; i++) {
      buf.writeByte(0).writeInt(size).writeZero(size);
    }
    return buf;
  }

  /** Deframes 256 messages of 1 KiB; returns the bytes of the messages taken. */
  @Benchmark
  @OperationsPerInvocation(SMALL_COUNT)
  public long deframe1KiB() throws MessageDeframer.DeframeException {
    return deframe(smallStream);
  }

  /** Deframes 4 messages of 64 KiB; returns the bytes of the messages taken. */
  @Benchmark
  @OperationsPerInvocation(LARGE_COUNT)
  public long deframe64KiB() throws MessageDeframer.DeframeException {
    return deframe(largeStream);
  }

  private long deframe(ByteBuf stream) throws MessageDeframer.DeframeException {
    long bytes = 0;
    int end = stream.writerIndex();
    for (int offset = 0; offset < end; offset += CHUNK) {
      deframer.add(stream.retainedSlice(offset, Math.min(CHUNK, end - offset)));
      Message m;
      while ((m = deframer.poll()) != null) {
        bytes += m.length();
        m.release();
      }
    }
    return bytes;
  }
}
