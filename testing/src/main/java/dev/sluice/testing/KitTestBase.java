package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Marshaller;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What every theme of the kit shares: the harness of the running test and small helpers. */
abstract class KitTestBase {

  static final Marshaller<String> STRINGS = Marshallers.IMMUTABLE_STRINGS;

  /** How long a send may stay incomplete before the kit calls the sender stalled. */
  static final long STALL_MILLIS = 300;

  /** Enough bytes that no sane transport buffers them all for a peer that does not read. */
  static final int BACKPRESSURE_MESSAGES = 1024;
  static final int BACKPRESSURE_MESSAGE_SIZE = 64 * 1024;

  final AbstractTransportTest kit;

  KitTestBase(AbstractTransportTest kit) {
    this.kit = kit;
  }

  TransportHarness h() {
    return kit.harness();
  }

  StreamRecorder<String> newCall() {
    return h().newCall(STRINGS);
  }

  StreamRecorder<String> accept() {
    return h().accept(STRINGS);
  }

  static void assertCode(Status status, Status.Code expected) {
    assertThat(status).as("status").isNotNull();
    assertThat(status.code()).as("status code of %s", status).isEqualTo(expected);
  }

  static List<String> numbered(String prefix, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(prefix + "-" + i);
    }
    return out;
  }

  /** The client's whole unary call in one batch. */
  static RecordingBatch<String> unaryBatch(StreamRecorder<String> client, String request) {
    return client.batch().sendHeaders(TestMetadata.simple("client")).send(request).halfClose()
        .recvHeaders().recvMessage().recvTrailers().perform();
  }

  /**
   * Serves one accepted stream on a helper thread: reads the request to its end, answers
   * {@code "echo:" + request} with status OK, and waits for "call closed".
   */
  CompletableFuture<Trailers> serveEcho(StreamRecorder<String> server) {
    return h().async(() -> {
      RecordingBatch<String> first =
          server.batch().recvHeaders().recvMessage().recvTrailers().perform();
      String request = first.awaitMessage();
      assertThat(server.recvMessage().awaitMessage()).as("end of client stream").isNull();
      server.batch().sendHeaders(TestMetadata.simple("server")).send("echo:" + request)
          .sendTrailers(new Metadata(), Status.OK).perform().awaitComplete();
      return first.awaitTrailers();
    });
  }

  /** A whole unary call on {@code client}, served by the next accepted stream; asserts OK. */
  void assertUnaryWorks(Transport client) {
    StreamRecorder<String> c = h().newCall(client, STRINGS, TransportHarness.DEFAULT_HEAD);
    RecordingBatch<String> call = unaryBatch(c, "ping");
    CompletableFuture<Trailers> served = serveEcho(accept());
    assertThat(call.awaitMessage()).isEqualTo("echo:ping");
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
    assertCode(call.awaitComplete(), Status.Code.OK);
    assertCode(h().await(served, "server side").status(), Status.Code.OK);
    c.destroy();
  }

  /** How many sends completed before one stalled, and that send (null if none stalled). */
  record Pumped(int completed, RecordingBatch<byte[]> inFlight) {}

  /**
   * Sends one message at a time until a send stays incomplete for {@link #STALL_MILLIS} or all
   * were sent; {@code tracked} sends them as bodies the kit tracks ({@link BodyLedger}).
   */
  static Pumped pumpUntilStalled(StreamRecorder<byte[]> sender, byte[] payload, int max,
      boolean tracked) {
    for (int i = 0; i < max; i++) {
      RecordingBatch<byte[]> send = tracked ? sender.sendBody(payload) : sender.send(payload);
      try {
        Status st = send.completeFuture().get(STALL_MILLIS, TimeUnit.MILLISECONDS);
        assertCode(st, Status.Code.OK);
      } catch (TimeoutException stalled) {
        return new Pumped(i, send);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      } catch (ExecutionException e) {
        throw new AssertionError("send " + i + " failed", e);
      }
    }
    return new Pumped(max, null);
  }
}
