package dev.sluice.grpcjava;

import dev.sluice.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A marshaller that refuses to parse messages over one call's inbound limit: instead of a message
 * it returns {@link #OVERSIZE} and tells its call the size; the call drops it and cancels itself
 * with RESOURCE_EXHAUSTED. For limits set per call through grpc-java's call options; the
 * channel's own limit is the core's.
 */
final class LimitedMarshaller<T> implements Marshaller<T> {

  /** Stands for a message that was over the limit and not parsed. */
  static final Object OVERSIZE = new Object();

  private final Marshaller<T> inner;
  private final int limit;
  private final IntConsumer oversize;

  LimitedMarshaller(Marshaller<T> inner, int limit, IntConsumer oversize) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.limit = limit;
    this.oversize = Objects.requireNonNull(oversize, "oversize");
  }

  @Override
  public void serialize(T value, OutputStream out) throws IOException {
    inner.serialize(value, out);
  }

  @Override
  public void serialize(T value, ByteBuffer out) throws IOException {
    inner.serialize(value, out);
  }

  @Override
  public int serializedSize(T value) {
    return inner.serializedSize(value);
  }

  @SuppressWarnings("unchecked")
  private T oversize() {
    // Never reaches the application: the call recognizes it and drops it.
    return (T) OVERSIZE;
  }

  @Override
  public T parse(InputStream in) throws IOException {
    int size = in.available();
    if (size > limit) {
      oversize.accept(size);
      return oversize();
    }
    return inner.parse(in);
  }

  @Override
  public T parse(ByteBuffer[] buffers) throws IOException {
    long size = 0;
    for (ByteBuffer b : buffers) {
      size += b.remaining();
    }
    if (size > limit) {
      oversize.accept((int) Math.min(Integer.MAX_VALUE, size));
      return oversize();
    }
    return inner.parse(buffers);
  }
}
