package dev.sluice.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import dev.sluice.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link Marshaller} for one protobuf-java message type, built from the type's default
 * instance: {@code ProtoMarshaller.of(HelloRequest.getDefaultInstance())}.
 *
 * <p>Protobuf messages never change once built, so the marshaller reports itself
 * {@linkplain #isImmutable() immutable}: an in-process transport hands the object itself to the
 * receiver and nothing is serialized. Thread-safe.
 *
 * @param <T> the message type
 */
public final class ProtoMarshaller<T extends MessageLite> implements Marshaller<T> {

  /** The most a stream decoder buffers at once: protobuf's own default. */
  private static final int STREAM_BUFFER = 4096;

  private final T defaultInstance;
  private final Parser<T> parser;
  private final ExtensionRegistryLite extensions;
  private final boolean emptyIsDefault;

  private ProtoMarshaller(T defaultInstance, ExtensionRegistryLite extensions) {
    this.defaultInstance = Objects.requireNonNull(defaultInstance, "defaultInstance");
    this.extensions = Objects.requireNonNull(extensions, "extensions");
    @SuppressWarnings("unchecked")
    Parser<T> p = (Parser<T>) defaultInstance.getParserForType();
    this.parser = p;
    // A type with required fields is not initialized when empty: parsing then must fail.
    this.emptyIsDefault = defaultInstance.isInitialized();
  }

  /**
   * A marshaller for the type of {@code defaultInstance}, without extensions.
   *
   * @param <T> the message type
   * @param defaultInstance the message type's default instance, say {@code
   *     HelloRequest.getDefaultInstance()}
   * @return a marshaller that writes and parses messages of that type
   */
  public static <T extends MessageLite> ProtoMarshaller<T> of(T defaultInstance) {
    return new ProtoMarshaller<>(defaultInstance, ExtensionRegistryLite.getEmptyRegistry());
  }

  /**
   * A marshaller that parses the extensions {@code extensions} knows.
   *
   * @param <T> the message type
   * @param defaultInstance the message type's default instance, say {@code
   *     HelloRequest.getDefaultInstance()}
   * @param extensions the extensions to recognise when parsing; others stay unknown fields
   * @return a marshaller that writes and parses messages of that type
   */
  public static <T extends MessageLite> ProtoMarshaller<T> of(
      T defaultInstance, ExtensionRegistryLite extensions) {
    return new ProtoMarshaller<>(defaultInstance, extensions);
  }

  /** {@return the default instance of the message type} */
  public T defaultInstance() {
    return defaultInstance;
  }

  @Override
  public void serialize(T value, OutputStream out) throws IOException {
    value.writeTo(out);
  }

  /**
   * Encodes straight into {@code out} (in place for direct memory): no stream and no protobuf
   * buffer between the message and the transport's buffer.
   */
  @Override
  public void serialize(T value, ByteBuffer out) throws IOException {
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    value.writeTo(coded);
    coded.flush();
  }

  /**
   * Parses straight from {@code in}: the stream already holds exactly one message, so its bytes
   * are read once through a {@link CodedInputStream} and never gathered into an array first. The
   * decoder's buffer is sized to the message when the stream knows its length, so a small
   * message does not cost protobuf's default 4 KiB buffer.
   */
  @Override
  public T parse(InputStream in) throws IOException {
    int known = in.available();
    CodedInputStream coded = known > 0
        ? CodedInputStream.newInstance(in, Math.min(known, STREAM_BUFFER))
        : CodedInputStream.newInstance(in);
    return parseFrom(coded);
  }

  /**
   * Parses the transport's buffers. One array-backed buffer (small messages arrive so, copied
   * into a per-thread array by {@code Message}) is read in place. Otherwise the buffers are
   * gathered into an array of the message's own, which the decoder reads at array speed
   * (protobuf-java reads direct memory only through copies or a chunked stream) and which the
   * parsed message's {@code bytes} fields then share instead of copying again: it is never reused,
   * so sharing is safe, but a field kept from a large message keeps that message's array alive.
   */
  @Override
  public T parse(ByteBuffer[] buffers) throws IOException {
    int length = 0;
    for (ByteBuffer b : buffers) {
      length += b.remaining();
    }
    if (length == 0 && emptyIsDefault) {
      // No bytes parse to the default instance, which is immutable: share it.
      return defaultInstance;
    }
    if (buffers.length == 1 && buffers[0].hasArray()) {
      return parseFrom(CodedInputStream.newInstance(buffers[0]));
    }
    byte[] own = new byte[length];
    gather(buffers, own);
    // Through a ByteString so that the decoder knows the array is immutable: only then does
    // aliasing make bytes fields share it.
    CodedInputStream coded = UnsafeByteOperations.unsafeWrap(own).newCodedInput();
    coded.enableAliasing(true);
    return parseFrom(coded);
  }

  /** Copies the buffers' bytes, in order, to the start of {@code into}; moves no position. */
  private static void gather(ByteBuffer[] buffers, byte[] into) {
    int at = 0;
    for (ByteBuffer b : buffers) {
      int n = b.remaining();
      b.get(b.position(), into, at, n);
      at += n;
    }
  }

  private T parseFrom(CodedInputStream coded) throws IOException {
    // The transport has already enforced the call's message-size limit; protobuf's own limit
    // must not reject a message the call accepted.
    coded.setSizeLimit(Integer.MAX_VALUE);
    T message = parser.parseFrom(coded, extensions);
    // parseFrom stops at an end-group tag as well as at the end: insist on the end.
    coded.checkLastTagWas(0);
    return message;
  }

  @Override
  public int serializedSize(T value) {
    return value.getSerializedSize();
  }

  @Override
  public boolean isImmutable() {
    return true;
  }

  @Override
  public String toString() {
    return "ProtoMarshaller{" + defaultInstance.getClass().getName() + "}";
  }
}
