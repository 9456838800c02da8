package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code destroyStream} on a stream whose ops are still pending, on either side: the stream is
 * cancelled first, so every pending callback runs exactly once (receives yield nothing, the
 * final status is CANCELLED, a send held back by flow control fails), none runs after, the peer
 * sees the call end, and every message body the stream held is released.
 *
 * <p>"Exactly once" and "before the test ends" are the {@link CallbackLedger}'s checks; "none
 * after" is checked by the recorder's events, which must not change once the peer has gone on
 * sending and a call on the same connection has made a round trip.
 */
abstract class DestroyTests extends KitTestBase {

  DestroyTests(AbstractTransportTest kit) {
    super(kit);
  }

  /** Which end of the call is destroyed. */
  enum Side {
    CLIENT, SERVER
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void destroy_withReceivesPending_eachRunsOnceAndNoneAfter(Side side) {
    StreamRecorder<String> c = newCall();
    // Nothing has come from the server yet: the client waits for headers, a message, trailers.
    RecordingBatch<String> cRecv = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvMessage().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    assertThat(s.recvHeaders().awaitHeaders()).isNotNull();
    // The client sends nothing more: the server waits for a message and for "call closed".
    RecordingBatch<String> sRecv = s.batch().recvMessage().recvTrailers().perform();

    StreamRecorder<String> destroyed = side == Side.CLIENT ? c : s;
    StreamRecorder<String> peer = side == Side.CLIENT ? s : c;
    RecordingBatch<String> destroyedRecv = side == Side.CLIENT ? cRecv : sRecv;
    RecordingBatch<String> peerRecv = side == Side.CLIENT ? sRecv : cRecv;
    destroyed.destroy();

    if (side == Side.CLIENT) {
      assertThat(cRecv.awaitHeaders()).as("recvInitialMetadata of the destroyed client").isNull();
    }
    assertThat(destroyedRecv.awaitMessage()).as("recvMessage of the destroyed stream").isNull();
    assertCode(destroyedRecv.awaitTrailers().status(), Status.Code.CANCELLED);
    // The peer sees the call end.
    assertThat(peerRecv.awaitMessage()).as("recvMessage of the peer").isNull();
    assertThat(peerRecv.awaitTrailers().status().isOk()).as("peer's status").isFalse();

    assertNothingMoreArrives(destroyed, peer);
  }

  @ParameterizedTest
  @EnumSource(Side.class)
  void destroy_withSendHeldByFlowControl_sendFailsOnceAndBodiesAreReleased(Side side) {
    byte[] payload = MessageFlowTests.pattern(BACKPRESSURE_MESSAGE_SIZE, 11);
    StreamRecorder<byte[]> c = h().newCall(h().client(), Marshallers.BYTES,
        TransportHarness.DEFAULT_HEAD);
    RecordingBatch<byte[]> cFirst = c.batch().sendHeaders(new Metadata()).recvHeaders()
        .recvTrailers().perform();
    StreamRecorder<byte[]> s = h().accept(Marshallers.BYTES);
    RecordingBatch<byte[]> sFirst = s.batch().recvHeaders().recvTrailers().perform();
    assertThat(sFirst.awaitHeaders()).isNotNull();
    // The server reads nothing, so the client's sends stop completing.
    Pumped pumped = pumpUntilStalled(c, payload, BACKPRESSURE_MESSAGES, true);
    assertThat(pumped.inFlight()).as("no send was held back by flow control").isNotNull();

    (side == Side.CLIENT ? c : s).destroy();

    assertThat(pumped.inFlight().awaitComplete().isOk())
        .as("the held-back send of a call that was destroyed").isFalse();
    assertCode(cFirst.awaitTrailers().status(), Status.Code.CANCELLED);
    assertCode(sFirst.awaitTrailers().status(), Status.Code.CANCELLED);
    List<String> held = h().awaitBodiesReleased();
    assertThat(held).as("message bodies still held after destroyStream (%d handed over)",
        h().bodies().handedOut()).isEmpty();
  }

  /**
   * The peer goes on (a message, then its end of the call), and a whole call on the same
   * connection makes a round trip behind it: the destroyed stream's events must not change.
   */
  private void assertNothingMoreArrives(StreamRecorder<String> destroyed,
      StreamRecorder<String> peer) {
    List<StreamRecorder.Event> before = destroyed.events();
    RecordingBatch<String> late = peer.stream().isClient()
        ? peer.batch().send("after destroy").halfClose().perform()
        : peer.batch().sendHeaders(new Metadata()).send("after destroy")
            .sendTrailers(new Metadata(), Status.OK).perform();
    late.awaitComplete();
    assertUnaryWorks(h().client());
    assertThat(destroyed.events()).as("events of %s after destroyStream", destroyed)
        .isEqualTo(before);
  }
}
