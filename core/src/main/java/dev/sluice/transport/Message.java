package dev.sluice.transport;

import dev.sluice.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One message as it travels through the stack: either the application's object with its
 * marshaller (serialized only when some layer needs bytes), or bytes received from a peer.
 *
 * <p>An in-process transport may hand the object itself to the receiver when the marshaller is
 * {@linkplain Marshaller#isImmutable() immutable}; a wire transport asks for bytes.
 *
 * <p>A received message may hold pooled buffers: whoever holds it last calls {@link #release()}
 * (the surface does so after parsing; a transport does so for messages it never delivers).
 * Release is idempotent.
 */
public final class Message {

  /** Reads a received message's bytes; lets wire transports expose pooled buffers. */
  public interface Body {
    /**
     * Exact length in bytes.
     *
     * @return the number of bytes
     */
    int length();

    /**
     * A stream over the bytes; may be called once.
     *
     * @return a stream over the body's bytes
     */
    InputStream openStream();

    /** Frees the underlying buffers. */
    void release();

    /**
     * The bytes as buffers in order (position to limit), without copying, valid until
     * {@link #release()}; null when this body cannot expose its memory that way.
     *
     * @return the buffers, or null
     */
    default ByteBuffer[] buffers() {
      return null;
    }

    /**
     * Copies the bytes to the start of {@code dst}, which holds at least {@link #length()}; false
     * when this body cannot (then nothing was copied).
     *
     * @param dst the array to copy into
     * @return whether the bytes were copied
     */
    default boolean copyTo(byte[] dst) {
      return false;
    }
  }

  /** An empty message's bytes; read-only, so sharing it is safe. */
  private static final ByteBuffer[] NO_BYTES = {ByteBuffer.allocate(0).asReadOnlyBuffer()};

  private final Object value;
  private final Marshaller<Object> marshaller;
  private byte[] bytes;
  private Body body;
  private boolean released;
  private final boolean compressed;
  private boolean inflated;

  private Message(Object value, Marshaller<Object> marshaller, byte[] bytes, Body body,
      boolean compressed) {
    this.value = value;
    this.marshaller = marshaller;
    this.bytes = bytes;
    this.body = body;
    this.compressed = compressed;
  }

  /**
   * A message for {@code value}, serialized by {@code marshaller} when bytes are needed.
   *
   * @param <T> the value's type
   * @param value the application's object
   * @param marshaller serializes {@code value} when a transport needs bytes
   * @return a message that serializes lazily
   */
  @SuppressWarnings("unchecked")
  public static <T> Message ofValue(T value, Marshaller<T> marshaller) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(marshaller, "marshaller");
    return new Message(value, (Marshaller<Object>) marshaller, null, null, false);
  }

  /**
   * A message holding {@code bytes} (not copied: the caller gives them up).
   *
   * @param bytes the serialized message
   * @return a message over {@code bytes}
   */
  public static Message ofBytes(byte[] bytes) {
    return ofBytes(bytes, false);
  }

  /**
   * A message holding {@code bytes}; {@code compressed} when they are the compressed form (the
   * gRPC frame's compressed flag), to be inflated with the call's message encoding.
   *
   * @param bytes the message's bytes
   * @param compressed whether they are compressed
   * @return a message over {@code bytes}
   */
  public static Message ofBytes(byte[] bytes, boolean compressed) {
    return new Message(null, null, Objects.requireNonNull(bytes, "bytes"), null, compressed);
  }

  /**
   * A received message whose bytes live in {@code body}.
   *
   * @param body the bytes, released with the message
   * @return a message reading from {@code body}
   */
  public static Message ofBody(Body body) {
    return ofBody(body, false);
  }

  /**
   * A received message whose bytes live in {@code body}; see {@link #ofBytes(byte[], boolean)}.
   *
   * @param body the bytes, released with the message
   * @param compressed whether they are compressed
   * @return a message reading from {@code body}
   */
  public static Message ofBody(Body body, boolean compressed) {
    return new Message(null, null, null, Objects.requireNonNull(body, "body"), compressed);
  }

  /** {@return true when the bytes are compressed with the call's message encoding} */
  public boolean isCompressed() {
    return compressed;
  }

  /**
   * A message inflated from a compressed one: {@link #arrivedCompressed()} is true.
   *
   * @param bytes the inflated bytes
   * @return an uncompressed message that remembers it arrived compressed
   */
  public static Message inflated(byte[] bytes) {
    Message m = ofBytes(bytes, false);
    m.inflated = true;
    return m;
  }

  /**
   * {@return true when the peer sent this message compressed (whether or not it is inflated yet)}
   */
  public boolean arrivedCompressed() {
    return compressed || inflated;
  }

  /** {@return true when this message carries the application's object} */
  public boolean hasValue() {
    return value != null;
  }

  /** {@return true when the object may be handed to a receiver in the same JVM without copying} */
  public boolean canPassByReference() {
    return value != null && marshaller.isImmutable();
  }

  /** {@return the application's object, or null for a message of bytes} */
  public Object value() {
    return value;
  }

  /**
   * The serialized length. For an object whose marshaller cannot tell it cheaply, this
   * serializes once and keeps the bytes.
   *
   * @return the length in bytes
   */
  public int length() {
    if (bytes != null) {
      return bytes.length;
    }
    if (body != null) {
      return body.length();
    }
    int size = marshaller.serializedSize(value);
    return size >= 0 ? size : toByteArray().length;
  }

  /**
   * The serialized bytes. The array is shared with this message: do not modify it.
   *
   * @return the serialized bytes; shared, do not modify
   */
  public byte[] toByteArray() {
    if (bytes == null) {
      if (body != null) {
        try (InputStream in = body.openStream()) {
          bytes = in.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        body.release();
        body = null;
      } else {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, hintedSize()));
        try {
          marshaller.serialize(value, out);
        } catch (IOException e) {
          throw new UncheckedIOException("Marshaller failed to serialize " + value.getClass(), e);
        }
        bytes = out.toByteArray();
      }
    }
    return bytes;
  }

  private int hintedSize() {
    return marshaller.serializedSize(value);
  }

  /**
   * A stream over the serialized bytes; close it when done. Call at most once for a body.
   *
   * @return a new stream over the bytes
   */
  public InputStream openStream() {
    if (bytes == null && body != null) {
      // Hand the body's own stream out (no copy); closing it frees the buffers.
      Body b = body;
      body = null;
      return new java.io.FilterInputStream(b.openStream()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            b.release();
          }
        }
      };
    }
    return new ByteArrayInputStream(toByteArray());
  }

  /**
   * Writes the serialized bytes to {@code out}: an object is serialized straight into it, with no
   * intermediate array. Does not release the message.
   *
   * @param out where the bytes go
   * @throws IOException if {@code out} or the marshaller fails
   */
  public void writeTo(java.io.OutputStream out) throws IOException {
    if (bytes != null) {
      out.write(bytes);
    } else if (body != null) {
      try (InputStream in = openStream()) {
        in.transferTo(out);
      }
    } else {
      marshaller.serialize(value, out);
    }
  }

  /**
   * The exact serialized length when it is known without serializing: bytes held, or a
   * marshaller that can tell. Otherwise -1.
   *
   * @return the length in bytes, or -1
   */
  public int knownLength() {
    if (bytes != null) {
      return bytes.length;
    }
    if (body != null) {
      return body.length();
    }
    return marshaller.serializedSize(value);
  }

  /**
   * Writes the serialized bytes into {@code out}, which has exactly {@link #knownLength()} bytes
   * remaining: an object is serialized straight into it. Does not release the message.
   *
   * @throws java.nio.BufferOverflowException when the marshaller writes more than it said
   * @param out the buffer to fill
   * @throws IOException if the marshaller fails
   */
  public void writeTo(ByteBuffer out) throws IOException {
    if (bytes != null) {
      out.put(bytes);
    } else if (body != null) {
      try (InputStream in = openStream()) {
        byte[] chunk = in.readAllBytes();
        out.put(chunk);
      }
    } else {
      marshaller.serialize(value, out);
    }
  }

  /**
   * The message as a {@code T}: the object itself when it was passed by reference, else parsed
   * with {@code m}. Releases any buffers.
   *
   * @param <T> the message type
   * @param m the marshaller that parses the bytes
   * @return the parsed message, or the object itself
   * @throws IOException if the bytes are not a valid message
   */
  @SuppressWarnings("unchecked")
  public <T> T parse(Marshaller<T> m) throws IOException {
    if (value != null) {
      return (T) value;
    }
    try {
      if (bytes != null) {
        return m.parse(new ByteBuffer[] {ByteBuffer.wrap(bytes)});
      }
      if (body != null && body.length() == 0) {
        // An empty message (a common one: protobuf's Empty): no view of the buffers is needed.
        return m.parse(NO_BYTES);
      }
      if (body != null && body.length() <= SmallMessageScratch.SIZE) {
        T parsed = SmallMessageScratch.parse(body, m);
        if (parsed != null) {
          return parsed;
        }
      }
      ByteBuffer[] buffers = body != null ? body.buffers() : null;
      if (buffers != null) {
        // Read in place: the parser sees the transport's buffers, nothing is copied first.
        return m.parse(buffers);
      }
      try (InputStream in = openStream()) {
        return m.parse(in);
      }
    } finally {
      release();
    }
  }

  /** Frees any pooled buffers this message holds. Safe to call more than once. */
  public void release() {
    if (!released) {
      released = true;
      if (body != null) {
        body.release();
        body = null;
      }
    }
  }

  @Override
  public String toString() {
    return value != null ? "Message{value=" + value.getClass().getSimpleName() + "}"
        : "Message{" + (bytes != null ? bytes.length : body != null ? body.length() : 0) + " bytes}";
  }
}
