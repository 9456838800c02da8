package dev.sluice.testing;

import dev.sluice.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Marshallers for the kit's messages: UTF-8 strings (immutable or not) and raw bytes. */
public final class Marshallers {

  /** UTF-8 strings, declared immutable: an in-process transport may pass them by reference. */
  public static final Marshaller<String> IMMUTABLE_STRINGS = new StringMarshaller(true);

  /** UTF-8 strings, declared mutable: every transport must copy them through bytes. */
  public static final Marshaller<String> MUTABLE_STRINGS = new StringMarshaller(false);

  /** Raw bytes, copied through the marshaller (byte arrays are mutable). */
  public static final Marshaller<byte[]> BYTES = new BytesMarshaller();

  private Marshallers() {}

  private record StringMarshaller(boolean immutable) implements Marshaller<String> {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean isImmutable() {
      return immutable;
    }
  }

  private static final class BytesMarshaller implements Marshaller<byte[]> {
    @Override
    public void serialize(byte[] value, OutputStream out) throws IOException {
      out.write(value);
    }

    @Override
    public byte[] parse(InputStream in) throws IOException {
      return in.readAllBytes();
    }

    @Override
    public int serializedSize(byte[] value) {
      return value.length;
    }
  }
}
