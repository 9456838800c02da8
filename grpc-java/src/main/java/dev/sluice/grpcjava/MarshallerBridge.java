package dev.sluice.grpcjava;

import dev.sluice.Marshaller;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A grpc-java {@link MethodDescriptor.Marshaller} seen as a Sluice {@link Marshaller}.
 *
 * <p>grpc-java's marshallers hand out an {@link InputStream} per message. Its protobuf
 * marshaller's stream is {@link KnownLength} (the size without serializing) and
 * {@link Drainable} (it writes the message straight into an {@link OutputStream}), so sending
 * serializes once, straight into the transport's buffer, with no intermediate array. Receiving
 * hands the transport's buffers to the marshaller as a {@link KnownLength} stream over them, which
 * grpc-java's protobuf parser reads in one pass. Any other marshaller works too: its stream is
 * read to the end.
 */
final class MarshallerBridge<T> implements Marshaller<T> {

  private final MethodDescriptor.Marshaller<T> grpc;

  MarshallerBridge(MethodDescriptor.Marshaller<T> grpc) {
    this.grpc = Objects.requireNonNull(grpc, "grpc");
  }

  @Override
  public void serialize(T value, OutputStream out) throws IOException {
    try (InputStream in = grpc.stream(value)) {
      if (in instanceof Drainable drainable) {
        drainable.drainTo(out);
      } else {
        in.transferTo(out);
      }
    }
  }

  @Override
  public int serializedSize(T value) {
    InputStream in = grpc.stream(value);
    if (!(in instanceof KnownLength)) {
      // Unknown size: the transport serializes through serialize(value, OutputStream).
      return -1;
    }
    try (in) {
      return in.available();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public T parse(InputStream in) {
    return grpc.parse(in);
  }

  @Override
  public T parse(ByteBuffer[] buffers) {
    return grpc.parse(new BufferInputStream(buffers));
  }
}
