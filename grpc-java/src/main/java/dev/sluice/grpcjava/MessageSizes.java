package dev.sluice.grpcjava;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** How big a message is once serialized by a grpc-java marshaller. */
final class MessageSizes {

  private MessageSizes() {}

  /**
   * The serialized size of {@code message}: read from a {@link KnownLength} stream without
   * serializing, else counted by serializing into nothing.
   */
  static <T> int serializedSize(MethodDescriptor.Marshaller<T> marshaller, T message) {
    try (InputStream in = marshaller.stream(message)) {
      if (in instanceof KnownLength) {
        return in.available();
      }
      CountingOutputStream out = new CountingOutputStream();
      if (in instanceof Drainable d) {
        d.drainTo(out);
      } else {
        in.transferTo(out);
      }
      return (int) Math.min(Integer.MAX_VALUE, out.count);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serialize the message to measure it", e);
    }
  }

  private static final class CountingOutputStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
