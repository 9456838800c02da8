package dev.sluice.grpcjava;

import io.grpc.KnownLength;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * One received message's bytes, spread over the transport's buffers, read as a stream without
 * copying them first. {@link KnownLength}, so grpc-java's protobuf parser sizes its read once.
 * The buffers are only read (through duplicates) and are valid only while the marshaller parses.
 */
final class BufferInputStream extends InputStream implements KnownLength {

  private final ByteBuffer[] buffers;
  private int index;
  private int remaining;

  BufferInputStream(ByteBuffer[] buffers) {
    this.buffers = new ByteBuffer[buffers.length];
    for (int i = 0; i < buffers.length; i++) {
      this.buffers[i] = buffers[i].duplicate();
      remaining += buffers[i].remaining();
    }
  }

  private ByteBuffer current() {
    while (index < buffers.length && !buffers[index].hasRemaining()) {
      index++;
    }
    return index < buffers.length ? buffers[index] : null;
  }

  @Override
  public int read() {
    ByteBuffer b = current();
    if (b == null) {
      return -1;
    }
    remaining--;
    return b.get() & 0xFF;
  }

  @Override
  public int read(byte[] dst, int off, int len) {
    if (len == 0) {
      return 0;
    }
    ByteBuffer b = current();
    if (b == null) {
      return -1;
    }
    int total = 0;
    while (b != null && total < len) {
      int n = Math.min(len - total, b.remaining());
      b.get(dst, off + total, n);
      total += n;
      b = current();
    }
    remaining -= total;
    return total;
  }

  @Override
  public long skip(long n) {
    long skipped = 0;
    ByteBuffer b = current();
    while (b != null && skipped < n) {
      int step = (int) Math.min(n - skipped, b.remaining());
      b.position(b.position() + step);
      skipped += step;
      b = current();
    }
    remaining -= (int) skipped;
    return skipped;
  }

  @Override
  public int available() {
    return remaining;
  }
}
