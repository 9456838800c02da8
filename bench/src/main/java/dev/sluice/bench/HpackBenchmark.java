package dev.sluice.bench;

import dev.sluice.h2.hpack.HeaderListener;
import dev.sluice.h2.hpack.HpackDecoder;
import dev.sluice.h2.hpack.HpackEncoder;
import dev.sluice.h2.hpack.HpackException;
import dev.sluice.h2.hpack.HeaderListTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * HPACK encoding and decoding of one call's header lists ({@link TypicalHeaders}) on a connection
 * whose dynamic tables are already warm: the steady state of a long-lived gRPC connection, where
 * every request repeats the previous one's headers.
 *
 * <p>Why it matters: every call encodes its request headers and its trailers once and decodes
 * them once, on the connection's single I/O thread, so this cost is paid per call and caps how
 * many calls one connection can carry. Run it with {@code -prof gc} to see the bytes allocated
 * per operation: in the steady state the encoder should allocate little or nothing.
 *
 * <p>As on a real connection, the request and the trailers go through different HPACK contexts
 * (client to server, server to client), each an encoder and its peer decoder. Because the values
 * never change, the warm blocks are indexed fields only: Huffman coding and literal decoding are
 * not exercised here, only table look-ups.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HpackBenchmark {

  private final HpackEncoder clientEncoder = new HpackEncoder();
  private final HpackDecoder serverDecoder = new HpackDecoder();
  private final HpackEncoder serverEncoder = new HpackEncoder();
  private final HpackDecoder clientDecoder = new HpackDecoder();

  /** Reused output buffer, so the figures show the encoder's allocation, not the buffer's. */
  private ByteBuf out;
  /** The steady-state blocks, as the warm encoders write them. */
  private ByteBuf requestBlock;
  private ByteBuf trailersBlock;
  private final CountingListener listener = new CountingListener();

  /** Sends each list once through its encoder and decoder, which fills the dynamic tables. */
  @Setup
  public void warmTables() throws HpackException, HeaderListTooLargeException {
    out = Unpooled.buffer(1024);
    clientEncoder.encode(TypicalHeaders.REQUEST, out);
    serverDecoder.decode(out, listener);
    out.clear();
    serverEncoder.encode(TypicalHeaders.TRAILERS, out);
    clientDecoder.decode(out, listener);
    out.clear();

    requestBlock = Unpooled.buffer(256);
    clientEncoder.encode(TypicalHeaders.REQUEST, requestBlock);
    trailersBlock = Unpooled.buffer(64);
    serverEncoder.encode(TypicalHeaders.TRAILERS, trailersBlock);
  }

  @TearDown
  public void release() {
    out.release();
    requestBlock.release();
    trailersBlock.release();
  }

  /** Encodes the request headers; returns the block's length. */
  @Benchmark
  public int encodeRequest() {
    out.clear();
    clientEncoder.encode(TypicalHeaders.REQUEST, out);
    return out.writerIndex();
  }

  /** Decodes the steady-state request block; returns the octets decoded. */
  @Benchmark
  public long decodeRequest() throws HpackException, HeaderListTooLargeException {
    return decode(serverDecoder, requestBlock);
  }

  /** Encodes the trailers; returns the block's length. */
  @Benchmark
  public int encodeTrailers() {
    out.clear();
    serverEncoder.encode(TypicalHeaders.TRAILERS, out);
    return out.writerIndex();
  }

  /** Decodes the steady-state trailers block; returns the octets decoded. */
  @Benchmark
  public long decodeTrailers() throws HpackException, HeaderListTooLargeException {
    return decode(clientDecoder, trailersBlock);
  }

  private long decode(HpackDecoder decoder, ByteBuf block)
      throws HpackException, HeaderListTooLargeException {
    block.readerIndex(0);
    listener.octets = 0;
    decoder.decode(block, listener);
    return listener.octets;
  }

  /** Request block length in octets, for tests and the docs. */
  int requestBlockLength() {
    return requestBlock.writerIndex();
  }

  /** Adds up the decoded fields' lengths, so no field can be optimized away. */
  private static final class CountingListener implements HeaderListener {
    long octets;

    @Override
    public void onHeader(String name, String value, boolean sensitive) {
      octets += name.length() + value.length();
    }
  }
}
