package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Marshaller;
import dev.sluice.Metadata;
import dev.sluice.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenarios 42 and 44-47: message sizes, back-pressure, large messages, independence of streams
 * and many streams at once. Scenario 43 (max message size) belongs to a filter and is not here.
 */
abstract class MessageFlowTests extends KitTestBase {

  MessageFlowTests(AbstractTransportTest kit) {
    super(kit);
  }

  static byte[] pattern(int size, int seed) {
    byte[] b = new byte[size];
    int x = seed * 0x9E3779B9 + 1;
    for (int i = 0; i < size; i++) {
      x = x * 1103515245 + 12345;
      b[i] = (byte) (x >>> 24);
    }
    return b;
  }

  /** Echoes every message of one stream back, on a helper thread, then ends with OK. */
  private <T> CompletableFuture<Integer> echoServer(StreamRecorder<T> s) {
    return h().async(() -> {
      RecordingBatch<T> first = s.batch().recvHeaders().recvTrailers()
          .sendHeaders(new Metadata()).perform();
      int n = 0;
      for (T m = s.recvMessage().awaitMessage(); m != null; m = s.recvMessage().awaitMessage()) {
        assertCode(s.send(m).awaitComplete(), Status.Code.OK);
        n++;
      }
      assertCode(s.sendTrailers(new Metadata(), Status.OK).awaitComplete(), Status.Code.OK);
      assertCode(first.awaitTrailers().status(), Status.Code.OK);
      return n;
    });
  }

  private <T> T echoOnce(Marshaller<T> marshaller, T value) {
    StreamRecorder<T> c = h().newCall(h().client(), marshaller, TransportHarness.DEFAULT_HEAD);
    RecordingBatch<T> call = c.batch().sendHeaders(new Metadata()).send(value).halfClose()
        .recvHeaders().recvMessage().recvTrailers().perform();
    CompletableFuture<Integer> server = echoServer(h().accept(marshaller));
    T got = call.awaitMessage();
    assertThat(c.recvMessage().awaitMessage()).isNull();
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
    assertThat(h().await(server, "echo server")).isEqualTo(1);
    return got;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65535, 65537, 16 * 1024 * 1024})
  void message_ofSize_roundTripsByteForByte(int size) {
    Assumptions.assumeTrue(size <= kit.largestRoundTripMessage(),
        () -> size + " bytes is beyond this endpoint's largestRoundTripMessage()");
    byte[] sent = pattern(size, size);
    assertThat(echoOnce(Marshallers.BYTES, sent)).isEqualTo(pattern(size, size));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void stringMessage_immutableOrNot_roundTrips(boolean immutable) {
    Marshaller<String> m = immutable ? Marshallers.IMMUTABLE_STRINGS : Marshallers.MUTABLE_STRINGS;
    assertThat(echoOnce(m, "héllo, wörld")).isEqualTo("héllo, wörld");
    assertThat(echoOnce(m, "")).isEmpty();
  }

  @Test
  void largeMessages_bothDirectionsAtOnce_doNotDeadlock() {
    // Far past every window either side starts with, so each must keep reading while it sends.
    byte[] big = pattern(Math.min(4 * 1024 * 1024, kit.largestRoundTripMessage()), 7);
    StreamRecorder<byte[]> c = h().newCall(h().client(), Marshallers.BYTES,
        TransportHarness.DEFAULT_HEAD);
    RecordingBatch<byte[]> cFirst = c.batch().sendHeaders(new Metadata()).recvHeaders()
        .recvTrailers().perform();
    StreamRecorder<byte[]> s = h().accept(Marshallers.BYTES);
    RecordingBatch<byte[]> sFirst = s.batch().recvHeaders().recvTrailers()
        .sendHeaders(new Metadata()).perform();
    RecordingBatch<byte[]> cSend = c.batch().send(big).halfClose().perform();
    RecordingBatch<byte[]> sSend = s.batch().send(big).perform();
    assertThat(c.recvMessage().awaitMessage()).isEqualTo(big);
    assertThat(s.recvMessage().awaitMessage()).isEqualTo(big);
    assertCode(cSend.awaitComplete(), Status.Code.OK);
    assertCode(sSend.awaitComplete(), Status.Code.OK);
    assertThat(s.recvMessage().awaitMessage()).isNull();
    assertCode(s.sendTrailers(new Metadata(), Status.OK).awaitComplete(), Status.Code.OK);
    assertThat(c.recvMessage().awaitMessage()).isNull();
    assertCode(cFirst.awaitTrailers().status(), Status.Code.OK);
    assertCode(sFirst.awaitTrailers().status(), Status.Code.OK);
  }

  @Test
  void sender_receiverStopsReading_sendsStopCompletingThenResumeWhenItReads() {
    byte[] payload = pattern(BACKPRESSURE_MESSAGE_SIZE, 3);
    StreamRecorder<byte[]> c = h().newCall(h().client(), Marshallers.BYTES,
        TransportHarness.DEFAULT_HEAD);
    RecordingBatch<byte[]> cFirst = c.batch().sendHeaders(new Metadata()).recvTrailers()
        .perform();
    StreamRecorder<byte[]> s = h().accept(Marshallers.BYTES);
    RecordingBatch<byte[]> sFirst = s.batch().recvHeaders().recvTrailers().perform();
    assertThat(sFirst.awaitHeaders()).isNotNull();

    Pumped pumped = pumpUntilStalled(c, payload, BACKPRESSURE_MESSAGES, false);
    assertThat(pumped.completed())
        .as("sends completed while the receiver read nothing (%d bytes each)", payload.length)
        .isLessThan(BACKPRESSURE_MESSAGES);

    // The receiver reads again: every stalled send completes, and everything arrives in order.
    int expected = pumped.completed() + 1;
    CompletableFuture<Integer> reader = h().async(() -> {
      int n = 0;
      for (byte[] m = s.recvMessage().awaitMessage(); m != null;
          m = s.recvMessage().awaitMessage()) {
        assertThat(m).isEqualTo(payload);
        n++;
      }
      return n;
    });
    assertCode(pumped.inFlight().awaitComplete(), Status.Code.OK);
    for (int i = 0; i < 5; i++) {
      assertCode(c.send(payload).awaitComplete(), Status.Code.OK);
    }
    assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
    assertThat(h().await(reader, "reader")).isEqualTo(expected + 5);
    s.sendTrailers(new Metadata(), Status.OK);
    assertCode(cFirst.awaitTrailers().status(), Status.Code.OK);
  }

  @Test
  void slowStream_fullAndUnread_doesNotBlockAFastStream() {
    byte[] payload = pattern(BACKPRESSURE_MESSAGE_SIZE, 5);
    StreamRecorder<byte[]> slow = h().newCall(h().client(), Marshallers.BYTES,
        TransportHarness.DEFAULT_HEAD);
    slow.sendHeaders(new Metadata());
    StreamRecorder<byte[]> slowServer = h().accept(Marshallers.BYTES);
    slowServer.recvHeaders().awaitHeaders();
    Pumped pumped = pumpUntilStalled(slow, payload, BACKPRESSURE_MESSAGES, false);
    assertThat(pumped.inFlight()).as("the slow stream never stalled").isNotNull();
    for (int i = 0; i < 3; i++) {
      assertUnaryWorks(h().client());
    }
    slow.cancel(Status.CANCELLED);
  }

  @Test
  void thousandStreams_concurrentOnOneTransport_allComplete() {
    int n = 1000;
    List<RecordingBatch<String>> calls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      calls.add(unaryBatch(newCall(), "call-" + i));
    }
    List<CompletableFuture<Trailers>> served = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      served.add(serveEcho(accept()));
    }
    for (int i = 0; i < n; i++) {
      assertThat(calls.get(i).awaitMessage()).isEqualTo("echo:call-" + i);
      assertCode(calls.get(i).awaitTrailers().status(), Status.Code.OK);
    }
    for (CompletableFuture<Trailers> f : served) {
      assertCode(h().await(f, "server side").status(), Status.Code.OK);
    }
  }
}
