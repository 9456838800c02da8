package dev.sluice.bench.soak;

import dev.sluice.Marshaller;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The soak's two methods, on raw bytes (no protobuf: the soak measures the transport and the
 * core, not a marshaller): {@link #UNARY} answers each request with its bytes, {@link #STREAM}
 * answers each message of a bidi stream with its bytes and ends when the client half-closes.
 */
final class SoakMethods {

  static final String SERVICE = "sluice.soak.Soak";

  static final MethodDescriptor<byte[], byte[]> UNARY = MethodDescriptor.create(
      MethodDescriptor.fullName(SERVICE, "Unary"), MethodType.UNARY, Bytes.INSTANCE,
      Bytes.INSTANCE);

  static final MethodDescriptor<byte[], byte[]> STREAM = MethodDescriptor.create(
      MethodDescriptor.fullName(SERVICE, "Stream"), MethodType.BIDI_STREAMING, Bytes.INSTANCE,
      Bytes.INSTANCE);

  private SoakMethods() {}

  /** Byte arrays as they are; a received message is copied out of the transport's buffers. */
  private static final class Bytes implements Marshaller<byte[]> {
    static final Bytes INSTANCE = new Bytes();

    @Override
    public void serialize(byte[] value, OutputStream out) throws IOException {
      out.write(value);
    }

    @Override
    public void serialize(byte[] value, ByteBuffer out) {
      out.put(value);
    }

    @Override
    public byte[] parse(InputStream in) throws IOException {
      return in.readAllBytes();
    }

    @Override
    public byte[] parse(ByteBuffer[] buffers) {
      int length = 0;
      for (ByteBuffer b : buffers) {
        length += b.remaining();
      }
      byte[] bytes = new byte[length];
      int at = 0;
      for (ByteBuffer b : buffers) {
        int n = b.remaining();
        b.duplicate().get(bytes, at, n);
        at += n;
      }
      return bytes;
    }

    @Override
    public int serializedSize(byte[] value) {
      return value.length;
    }
  }
}
