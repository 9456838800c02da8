package dev.sluice.okhttp;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * The request body of one stream: duplex, so OkHttp sends the HEADERS, hands over the HTTP/2
 * stream's sink and reads the response while this side keeps writing. Each message is written as
 * gRPC frames it (a 5-byte prefix: compressed flag, length) on an I/O thread of its own, since a
 * write blocks while the stream has no flow-control credit; the half-close closes the sink
 * (END_STREAM). A send completes once OkHttp took its bytes; they are flushed as soon as nothing
 * more is queued.
 *
 * <p>The stream puts sends on the queue from its serializer; the writer thread reports each one
 * back to the stream, which completes it there.
 */
final class RequestWriter extends RequestBody {

  private static final MediaType GRPC = MediaType.get(GrpcWire.CONTENT_TYPE);

  /** Stops the writer; {@code graceful} closes the sink first (the server already ended). */
  private record Stop(boolean graceful) {}

  private final OkHttpStream stream;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

  RequestWriter(OkHttpStream stream) {
    this.stream = stream;
  }

  @Override
  public MediaType contentType() {
    return GRPC;
  }

  @Override
  public long contentLength() {
    return -1;
  }

  @Override
  public boolean isDuplex() {
    return true;
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  /** Called by OkHttp on the reader's thread once the request HEADERS went out. */
  @Override
  public void writeTo(BufferedSink sink) {
    stream.onHeadersSent();
    IoThreads.shared().execute(() -> drain(sink));
  }

  /** Any thread: queues a message or the half-close for the writer. */
  void enqueue(SendOp op) {
    queue.add(op);
  }

  /** Any thread: the writer stops once it reaches this; ops queued after it are never written. */
  void stop(boolean graceful) {
    queue.add(new Stop(graceful));
  }

  private void drain(BufferedSink sink) {
    try {
      while (true) {
        // Flush only when nothing else is queued: a message and the half-close that follows it
        // (a unary call) leave in one write, not one per op.
        Object next = queue.poll();
        if (next == null) {
          if (!flush(sink)) {
            return;
          }
          next = queue.take();
        }
        if (next instanceof Stop stop) {
          if (stop.graceful()) {
            closeQuietly(sink);
          }
          return;
        }
        SendOp op = (SendOp) next;
        if (!write(sink, op)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes one op; false when the sink failed and the writer should stop. */
  private boolean write(BufferedSink sink, SendOp op) {
    if (op.kind == SendOp.Kind.HALF_CLOSE) {
      try {
        sink.close();
        stream.onSendWritten(op, 0);
        return true;
      } catch (IOException e) {
        stream.onSendFailed(op, e);
        return false;
      }
    }
    if (!op.claim()) {
      return true; // the stream dropped it (cancelled or ended) before it came up
    }
    try {
      byte[] bytes = op.message.toByteArray();
      sink.writeByte(op.message.isCompressed() ? 1 : 0);
      sink.writeInt(bytes.length);
      sink.write(bytes);
      stream.onSendWritten(op, 5L + bytes.length);
      return true;
    } catch (IOException | RuntimeException e) {
      stream.onSendFailed(op, e);
      return false;
    } finally {
      op.message.release();
    }
  }

  /** Flushes what was written; false when the stream failed (its reader reports why). */
  private static boolean flush(BufferedSink sink) {
    try {
      sink.flush();
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void closeQuietly(BufferedSink sink) {
    try {
      sink.close();
    } catch (IOException | RuntimeException e) {
      // The stream is over on the server's side: nothing more to tell it.
    }
  }
}
