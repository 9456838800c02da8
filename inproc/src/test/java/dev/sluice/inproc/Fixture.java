package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Marshaller;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.PingCallback;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener under a fresh name, a connected client transport, and the streams the server got. */
final class Fixture implements AutoCloseable {

  record Accepted(TransportStream stream, CallHead head) {}

  /** Strings, immutable: passed by reference. */
  static final Marshaller<String> IMMUTABLE = new StringMarshaller(true);
  /** Strings, declared mutable: serialized once. */
  static final Marshaller<String> MUTABLE = new StringMarshaller(false);

  private static final AtomicInteger ids = new AtomicInteger();

  final String name = "inproc-test-" + ids.incrementAndGet();
  final InProcessServerListener listener = new InProcessServerListener(name);
  final CompletableFuture<Transport> serverTransport = new CompletableFuture<>();
  final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
  final Transport client;

  Fixture() throws IOException {
    this(true);
  }

  Fixture(boolean installAcceptor) throws IOException {
    listener.start(t -> {
      if (installAcceptor) {
        t.performTransportOp(new TransportOp.SetAcceptStream(
            (stream, head) -> accepted.add(new Accepted(stream, head))));
      }
      serverTransport.complete(t);
    });
    client = new InProcessConnector(name).connect();
  }

  Transport server() throws Exception {
    return serverTransport.get(5, TimeUnit.SECONDS);
  }

  TransportStream open() {
    return client.initStream(new CallHead("/test.Svc/Method", null, null));
  }

  Accepted accept() throws Exception {
    Accepted a = accepted.poll(5, TimeUnit.SECONDS);
    assertThat(a).as("a server stream was accepted").isNotNull();
    return a;
  }

  /**
   * Waits until everything handed to {@code t}'s connection so far has been processed and its
   * callbacks have run: the ping's answer is queued behind them on the same serial executor.
   */
  static void flush(Transport t) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    t.performTransportOp(new TransportOp.Ping(new PingCallback() {
      @Override
      public void acked(long rttNanos) {
        done.complete(null);
      }

      @Override
      public void failed(Status status) {
        done.complete(null);
      }
    }));
    done.get(5, TimeUnit.SECONDS);
  }

  static Message text(String s) {
    return Message.ofValue(s, MUTABLE);
  }

  static String textOf(Message m) throws IOException {
    return m.parse(MUTABLE);
  }

  @Override
  public void close() {
    client.close(Status.UNAVAILABLE.withDescription("test over"));
    listener.shutdown();
  }

  private static final class StringMarshaller implements Marshaller<String> {
    private final boolean immutable;

    StringMarshaller(boolean immutable) {
      this.immutable = immutable;
    }

    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isImmutable() {
      return immutable;
    }
  }
}
