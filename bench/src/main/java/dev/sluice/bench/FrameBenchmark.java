package dev.sluice.bench;

import dev.sluice.h2.frame.FrameReader;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.frame.PrioritySpec;
import dev.sluice.h2.frame.ReaderLimits;
import dev.sluice.h2.hpack.HpackEncoder;
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
 * The HTTP/2 frame layer on its own, with no connection rules, flow control or HPACK:
 *
 * <ul>
 *   <li>{@link #writeUnaryRequest}: {@link FrameWriter} writing what a client sends for a small
 *       unary call, a HEADERS frame (the request's first-call HPACK block, {@link TypicalHeaders})
 *       and one DATA frame with END_STREAM holding a 100-byte message and its 5-byte gRPC prefix.
 *       One operation is one call's two frames.
 *   <li>{@link #readMixedFrames}: {@link FrameReader} parsing one buffer of {@value #GROUPS}
 *       groups of HEADERS, DATA (1 KiB), WINDOW_UPDATE and PING, handed to a handler that does
 *       nothing but release each DATA payload. One operation is one frame.
 * </ul>
 *
 * <p>Why it matters: every byte a connection sends or receives goes through these two classes on
 * the connection's I/O thread, so their per-frame cost is a floor under every call's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameBenchmark {

  /** Groups of four frames in the buffer {@link #readMixedFrames} parses. */
  static final int GROUPS = 32;
  static final int FRAMES = GROUPS * 4;
  static final int READ_DATA_LENGTH = 1024;
  static final int UNARY_MESSAGE_LENGTH = 100;

  private final FrameWriter writer = new FrameWriter();
  private final CountingHandler handler = new CountingHandler();
  private FrameReader reader;
  private ByteBuf headerBlock;
  private ByteBuf unaryMessage;
  private ByteBuf out;
  private ByteBuf mixedFrames;

  @Setup
  public void setUp() {
    headerBlock = Unpooled.buffer(256);
    new HpackEncoder().encode(TypicalHeaders.REQUEST, headerBlock);
    unaryMessage = Unpooled.buffer(5 + UNARY_MESSAGE_LENGTH);
    unaryMessage.writeByte(0).writeInt(UNARY_MESSAGE_LENGTH).writeZero(UNARY_MESSAGE_LENGTH);
    out = Unpooled.buffer(1024);

    ByteBuf data = Unpooled.buffer(READ_DATA_LENGTH).writeZero(READ_DATA_LENGTH);
    mixedFrames = Unpooled.buffer(GROUPS * (headerBlock.readableBytes() + READ_DATA_LENGTH + 80));
    for (int i = 0; i < GROUPS; i++) {
      int stream = 2 * i + 1;
      writer.headers(mixedFrames, stream, headerBlock, false, null, 0);
      writer.data(mixedFrames, stream, data, true, 0);
      writer.windowUpdate(mixedFrames, 0, READ_DATA_LENGTH);
      writer.ping(mixedFrames, false, i);
    }
    data.release();
    reader = FrameReader.forClient(handler, PooledByteBufAllocator.DEFAULT, ReaderLimits.DEFAULT);
  }

  @TearDown
  public void tearDown() {
    reader.close();
    headerBlock.release();
    unaryMessage.release();
    out.release();
    mixedFrames.release();
  }

  /** Writes HEADERS + DATA for one unary request; returns the octets written. */
  @Benchmark
  public int writeUnaryRequest() {
    out.clear();
    writer.headers(out, 1, headerBlock, false, null, 0);
    writer.data(out, 1, unaryMessage, true, 0);
    return out.writerIndex();
  }

  /** Parses the buffer of mixed frames; returns how many frames the handler saw. */
  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public int readMixedFrames() throws Http2Exception {
    mixedFrames.readerIndex(0);
    handler.frames = 0;
    reader.read(mixedFrames);
    return handler.frames;
  }

  /** Counts frames and releases DATA payloads, as the handler contract requires. */
  static final class CountingHandler implements FrameReader.Handler {
    int frames;

    @Override
    public void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes) {
      frames++;
      data.release();
    }

    @Override
    public void headers(int streamId, ByteBuf headerBlock, boolean endStream,
        PrioritySpec priority) {
      frames++;
    }

    @Override
    public void priority(int streamId, PrioritySpec priority) {
      frames++;
    }

    @Override
    public void rstStream(int streamId, Http2ErrorCode errorCode) {
      frames++;
    }

    @Override
    public void settings(Http2Settings settings) {
      frames++;
    }

    @Override
    public void settingsAck() {
      frames++;
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock) {
      frames++;
    }

    @Override
    public void ping(boolean ack, long opaqueData) {
      frames++;
    }

    @Override
    public void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData) {
      frames++;
    }

    @Override
    public void windowUpdate(int streamId, int windowSizeIncrement) {
      frames++;
    }

    @Override
    public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {
      frames++;
    }
  }
}
