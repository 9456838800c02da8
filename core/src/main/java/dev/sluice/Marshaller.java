package dev.sluice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns messages of type {@code T} into bytes and back.
 *
 * <p>Implementations must be thread-safe: one marshaller serves every call of a method.
 *
 * @param <T> the message type
 */
public interface Marshaller<T> {

  /** Writes {@code value}'s serialized form to {@code out}. */
  void serialize(T value, OutputStream out) throws IOException;

  /**
   * Reads one message from {@code in}, which holds exactly that message's bytes.
   *
   * @throws IOException when the bytes are not a valid message; the call then fails with
   *     INTERNAL
   */
  T parse(InputStream in) throws IOException;

  /**
   * The serialized size of {@code value} when it is cheap to know, else -1. Lets transports size
   * buffers and lets the message-size filter check limits without serializing twice.
   */
  default int serializedSize(T value) {
    return -1;
  }

  /**
   * True when messages of this type never change after construction. Transports in the same JVM
   * may then hand the object itself to the receiver instead of serializing it.
   */
  default boolean isImmutable() {
    return false;
  }
}
