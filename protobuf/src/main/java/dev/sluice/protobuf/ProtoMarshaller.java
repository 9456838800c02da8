package dev.sluice.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.sluice.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

  private final T defaultInstance;
  private final Parser<T> parser;
  private final ExtensionRegistryLite extensions;

  private ProtoMarshaller(T defaultInstance, ExtensionRegistryLite extensions) {
    this.defaultInstance = Objects.requireNonNull(defaultInstance, "defaultInstance");
    this.extensions = Objects.requireNonNull(extensions, "extensions");
    @SuppressWarnings("unchecked")
    Parser<T> p = (Parser<T>) defaultInstance.getParserForType();
    this.parser = p;
  }

  /** A marshaller for the type of {@code defaultInstance}, without extensions. */
  public static <T extends MessageLite> ProtoMarshaller<T> of(T defaultInstance) {
    return new ProtoMarshaller<>(defaultInstance, ExtensionRegistryLite.getEmptyRegistry());
  }

  /** A marshaller that parses the extensions {@code extensions} knows. */
  public static <T extends MessageLite> ProtoMarshaller<T> of(
      T defaultInstance, ExtensionRegistryLite extensions) {
    return new ProtoMarshaller<>(defaultInstance, extensions);
  }

  /** The default instance of the message type. */
  public T defaultInstance() {
    return defaultInstance;
  }

  @Override
  public void serialize(T value, OutputStream out) throws IOException {
    value.writeTo(out);
  }

  /**
   * Parses straight from {@code in}: the stream already holds exactly one message, so its bytes
   * are read once through a {@link CodedInputStream} and never gathered into an array first.
   */
  @Override
  public T parse(InputStream in) throws IOException {
    CodedInputStream coded = CodedInputStream.newInstance(in);
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
