package dev.sluice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Turns messages of type {@code T} into bytes and back.
 *
 * <p>Implementations must be thread-safe: one marshaller serves every call of a method.
 *
 * @param <T> the message type
 */
public interface Marshaller<T> {

  /**
   * Writes {@code value}'s serialized form to {@code out}.
   *
   * @param value the message
   * @param out where the bytes go
   * @throws IOException if {@code out} fails
   */
  void serialize(T value, OutputStream out) throws IOException;

  /**
   * Writes {@code value}'s serialized form into {@code out} from its position, advancing it.
   * Transports call this when {@link #serializedSize} told them the size, with exactly that many
   * bytes remaining, to serialize straight into their own (often direct) buffers with no
   * intermediate stream. Writing more than that throws {@link java.nio.BufferOverflowException}.
   *
   * <p>The default writes through {@link #serialize(Object, OutputStream)}.
   *
   * @param value the message
   * @param out the buffer to fill
   * @throws IOException if serializing fails
   */
  default void serialize(T value, ByteBuffer out) throws IOException {
    serialize(value, new OutputStream() {
      @Override
      public void write(int b) {
        out.put((byte) b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        out.put(b, off, len);
      }
    });
  }

  /**
   * Reads one message from {@code in}, which holds exactly that message's bytes.
   *
   * @param in the message's bytes
   * @return the parsed message
   * @throws IOException when the bytes are not a valid message; the call then fails with
   *     INTERNAL
   */
  T parse(InputStream in) throws IOException;

  /**
   * Reads one message from {@code buffers}, which together hold exactly that message's bytes,
   * from each buffer's position to its limit. Transports call this when the bytes already sit in
   * memory (often the connection's own pooled, direct buffers), so a parser that can read buffers
   * in place avoids copying them into an intermediate array or stream buffer.
   *
   * <p>The buffers are views of memory the transport reuses once this method returns: read them,
   * never modify them and never keep them (a protobuf parser must not alias them).
   *
   * <p>The default reads one array-backed buffer in place and otherwise copies the bytes into one
   * array, then reads them with {@link #parse(InputStream)}.
   *
   * @param buffers the message's bytes, in order
   * @return the parsed message
   * @throws IOException when the bytes are not a valid message; the call then fails with
   *     INTERNAL
   */
  default T parse(ByteBuffer[] buffers) throws IOException {
    if (buffers.length == 1 && buffers[0].hasArray()) {
      ByteBuffer b = buffers[0];
      return parse(new ByteArrayInputStream(b.array(), b.arrayOffset() + b.position(),
          b.remaining()));
    }
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
    return parse(new ByteArrayInputStream(bytes));
  }

  /**
   * The serialized size of {@code value} when it is cheap to know, else -1. Lets transports size
   * buffers and lets the message-size filter check limits without serializing twice.
   *
   * @param value the message
   * @return the size in bytes, or -1
   */
  default int serializedSize(T value) {
    return -1;
  }

  /**
   * True when messages of this type never change after construction. Transports in the same JVM
   * may then hand the object itself to the receiver instead of serializing it.
   *
   * @return whether messages are immutable; false by default
   */
  default boolean isImmutable() {
    return false;
  }
}
