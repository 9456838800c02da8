package dev.sluice.okhttp;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Runs one stream's OkHttp call on an I/O thread: {@link Call#execute()} (which sends the
 * HEADERS, hands the sink to the {@link RequestWriter} and returns with the response headers),
 * then the response body read as gRPC messages, then the trailers. It reads one message ahead
 * of what the stream has asked for and no more, so a client that stops reading leaves the bytes
 * in OkHttp's stream window, whose limit holds the server back.
 *
 * <p>Everything it learns goes to the stream, which handles it on the transport's serializer.
 */
final class ResponseReader implements Runnable {

  private final OkHttpStream stream;
  private final Call call;
  private final int maxMessageSize;
  /** One permit per message the reader may read; the stream returns it when it took one. */
  private final Semaphore permits = new Semaphore(1);
  private volatile boolean stopped;

  ResponseReader(OkHttpStream stream, Call call, int maxMessageSize) {
    this.stream = stream;
    this.call = call;
    this.maxMessageSize = maxMessageSize;
  }

  /** Any thread: the stream took the message read ahead; read the next one. */
  void allowNext() {
    permits.release();
  }

  /** Any thread: stop reading (the stream ended or failed); wakes a reader waiting for room. */
  void stop() {
    stopped = true;
    permits.release();
  }

  @Override
  public void run() {
    Response response = null;
    try {
      response = call.execute();
      Headers headers = response.headers();
      boolean wholeAnswer = stream.onResponse(response.protocol(), response.code(), headers);
      if (wholeAnswer) {
        return; // trailers-only, or not a gRPC answer: no body to read as messages
      }
      BufferedSource source = response.body().source();
      while (true) {
        permits.acquire();
        if (stopped) {
          return;
        }
        if (source.exhausted()) {
          stream.onEnd(response.trailers());
          return;
        }
        int flags = source.readByte() & 0xFF;
        long length = source.readInt() & 0xFFFFFFFFL;
        if (length > maxMessageSize) {
          stream.onTooLarge(length, maxMessageSize);
          return;
        }
        byte[] bytes = source.readByteArray(length);
        stream.onMessage(bytes, (flags & 1) != 0);
      }
    } catch (IOException | RuntimeException e) {
      stream.onReadFailure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stream.onReadFailure(new IOException("interrupted", e));
    } finally {
      if (response != null) {
        response.close();
      }
      stream.onReaderExit();
    }
  }
}
