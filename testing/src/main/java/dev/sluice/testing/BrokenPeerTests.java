package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.transport.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 53-55, for transports with a wire: a dropped connection, a frame after RST_STREAM,
 * and garbage bytes. Each uses a hook of {@link AbstractTransportTest} that the transport's test
 * implements; without a wire, or without the hook, the test is skipped.
 */
abstract class BrokenPeerTests extends KitTestBase {

  BrokenPeerTests(AbstractTransportTest kit) {
    super(kit);
  }

  @BeforeEach
  void requireWire() {
    Assumptions.assumeTrue(kit.hasWire(), "transport has no wire");
  }

  /** A call with headers exchanged and a recvMessage pending on the client. */
  private record Open(StreamRecorder<String> client, RecordingBatch<String> recvs) {}

  private Open openCall() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> recvs = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvMessage().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    s.batch().recvHeaders().recvTrailers().sendHeaders(TestMetadata.simple("server")).perform();
    assertThat(recvs.awaitHeaders()).isNotNull();
    return new Open(c, recvs);
  }

  @Test
  void connectionDrop_midStream_everyCallEndsUnavailable() {
    Open a = openCall();
    Open b = openCall();
    kit.dropConnection(h().client());
    for (Open o : new Open[] {a, b}) {
      assertThat(o.recvs().awaitMessage()).isNull();
      assertCode(o.recvs().awaitTrailers().status(), Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void frameAfterReset_onClosedStream_otherCallsUnharmed() {
    Open a = openCall();
    a.client().cancel(Status.CANCELLED).awaitComplete();
    assertCode(a.recvs().awaitTrailers().status(), Status.Code.CANCELLED);
    kit.sendFrameAfterReset(h().client(), a.client().stream());
    assertUnaryWorks(h().client());
  }

  @Test
  void garbage_insteadOfAFrame_allCallsEndWithoutHang() {
    Open a = openCall();
    Transport client = h().client();
    kit.injectGarbage(client);
    assertThat(a.recvs().awaitMessage()).isNull();
    assertThat(a.recvs().awaitTrailers().status().isOk()).as("status after garbage").isFalse();
    h().await(client.terminationFuture().handle((v, t) -> null), "client transport ends");
  }
}
