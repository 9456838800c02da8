package dev.sluice.channel;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code grpc.health.v1.Health/Watch} stream on one connection (gRFC A17): it sends the
 * request, reports each serving status the server streams back and, once, how the stream ended.
 *
 * <p>The core depends on the JDK only, so the two messages are encoded here by hand rather than
 * with protobuf: {@code HealthCheckRequest{string service = 1}} and {@code
 * HealthCheckResponse{ServingStatus status = 1}} are a length-delimited string and a varint, and
 * a client that needs nothing else of the health service should not need a protobuf runtime.
 *
 * <p>The stream is opened directly on the subchannel's transport, bypassing the channel's call
 * path: it is not a call of the application (no idle-timer accounting, no retries, no picking).
 * Callbacks come on the transport's thread; the {@link Listener} is run in the synchronization
 * context.
 */
final class HealthWatch {

  /** The path of the health service's Watch method. */
  static final String WATCH_PATH = "/grpc.health.v1.Health/Watch";

  /** {@code ServingStatus.SERVING}; the other values are UNKNOWN 0, NOT_SERVING 2, SERVICE_UNKNOWN 3. */
  static final int SERVING = 1;

  /** What a watch reports, in the synchronization context. */
  interface Listener {
    /** The server's serving status for the service (a {@code ServingStatus} number). */
    void onServingStatus(int status);

    /** The stream ended with {@code status} (from the server or a failure); the last report. */
    void onEnd(Status status);
  }

  private final Transport transport;
  private final TransportStream stream;
  private final SynchronizationContext sync;
  private final Listener listener;
  /** Guards {@link #destroyed} against a transport thread asking for the next message. */
  private final Object lock = new Object();
  private boolean destroyed;

  private HealthWatch(Transport transport, String authority, SynchronizationContext sync,
      Listener listener) {
    this.transport = transport;
    this.sync = sync;
    this.listener = listener;
    this.stream = transport.initStream(new CallHead(WATCH_PATH, authority, null));
  }

  /** Opens a Watch for {@code serviceName} on {@code transport}. */
  static HealthWatch start(Transport transport, String authority, String serviceName,
      SynchronizationContext sync, Listener listener) {
    HealthWatch w = new HealthWatch(transport, authority, sync, listener);
    w.perform(new StreamOpBatch()
        .sendInitialMetadata(new Metadata())
        .sendMessage(Message.ofBytes(encodeRequest(serviceName)), 0)
        .sendHalfClose()
        .recvInitialMetadata(headers -> {})
        .recvMessage(w::onMessage)
        .recvTrailingMetadata(w::onTrailers)
        .onComplete(status -> {}));
    return w;
  }

  /** Cancels the stream; nothing is reported afterwards. Any thread. */
  void cancel() {
    synchronized (lock) {
      if (destroyed) {
        return;
      }
      destroyed = true;
      transport.destroyStream(stream); // cancels it first: the server learns the watch is over
    }
  }

  private void perform(StreamOpBatch batch) {
    synchronized (lock) {
      if (!destroyed) {
        transport.performStreamOp(stream, batch);
        return;
      }
    }
    batch.failWith(Status.CANCELLED.withDescription("Health watch cancelled"));
  }

  private void onMessage(Message message) {
    if (message == null) {
      return; // the stream ended: the trailers follow
    }
    int status;
    try {
      status = decodeStatus(message.toByteArray());
    } catch (IllegalArgumentException e) {
      cancelWith(Status.INTERNAL.withDescription("Invalid HealthCheckResponse from the server: "
          + e.getMessage()));
      return;
    } finally {
      message.release();
    }
    sync.execute(() -> {
      if (!isDestroyed()) {
        listener.onServingStatus(status);
      }
    });
    perform(new StreamOpBatch().recvMessage(this::onMessage));
  }

  private void cancelWith(Status why) {
    perform(StreamOpBatch.cancel(why, s -> {}));
  }

  private void onTrailers(Metadata trailers, Status status) {
    sync.execute(() -> {
      if (!isDestroyed()) {
        cancel(); // releases the stream
        listener.onEnd(status);
      }
    });
  }

  private boolean isDestroyed() {
    synchronized (lock) {
      return destroyed;
    }
  }

  // ---- the two messages, by hand (protobuf wire format, field 1 of each) ----

  /** {@code HealthCheckRequest{service = serviceName}}: field 1, wire type 2; empty for "". */
  static byte[] encodeRequest(String serviceName) {
    byte[] name = serviceName.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(name.length + 6);
    if (name.length > 0) {
      out.write(0x0a); // field 1, length-delimited
      writeVarint(out, name.length);
      out.write(name, 0, name.length);
    }
    return out.toByteArray();
  }

  /**
   * The {@code status} field (1, a varint) of a {@code HealthCheckResponse}; 0 (UNKNOWN) when
   * absent. Unknown fields are skipped, as protobuf parsers do.
   *
   * @throws IllegalArgumentException when the bytes are not a valid message
   */
  static int decodeStatus(byte[] bytes) {
    int status = 0;
    int[] pos = {0};
    while (pos[0] < bytes.length) {
      long tag = readVarint(bytes, pos);
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      if (field == 0) {
        throw new IllegalArgumentException("field number 0");
      }
      switch (wireType) {
        case 0 -> {
          long v = readVarint(bytes, pos);
          if (field == 1) {
            status = (int) v;
          }
        }
        case 1 -> skip(bytes, pos, 8);
        case 2 -> skip(bytes, pos, readVarint(bytes, pos));
        case 5 -> skip(bytes, pos, 4);
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType
            + " of field " + field);
      }
    }
    return status;
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7f) != 0) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  private static long readVarint(byte[] b, int[] pos) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte x = b[pos[0]++];
      result |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  private static void skip(byte[] b, int[] pos, long n) {
    if (n < 0 || n > b.length - pos[0]) {
      throw new IllegalArgumentException("field runs past the end of the message");
    }
    pos[0] += (int) n;
  }
}
