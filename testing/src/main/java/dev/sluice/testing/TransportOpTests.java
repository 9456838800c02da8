package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Scenarios 48-50: ping, GOAWAY and the accept-stream callback. */
abstract class TransportOpTests extends KitTestBase {

  TransportOpTests(AbstractTransportTest kit) {
    super(kit);
  }

  private Status ping(Transport t) {
    PingRecorder p = new PingRecorder(h().ledger());
    h().performTransportOp(t, new TransportOp.Ping(p));
    return h().await(p.outcome(), "ping outcome");
  }

  @Test
  void ping_openConnection_isAcked() {
    Assumptions.assumeTrue(kit.supportsPing(), kit.pairing() + ": the client transport cannot"
        + " ping");
    assertCode(ping(h().client()), Status.Code.OK);
  }

  @Test
  void ping_unsupported_failsOnceInsteadOfHanging() {
    Assumptions.assumeFalse(kit.supportsPing(), "transport can ping");
    assertThat(ping(h().client()).isOk()).isFalse();
  }

  @Test
  void ping_afterClose_failsUnavailable() {
    Transport client = h().client();
    client.close(Status.UNAVAILABLE.withDescription("closed by test"));
    h().await(client.terminationFuture(), "client termination");
    assertCode(ping(client), Status.Code.UNAVAILABLE);
  }

  @Test
  void goaway_callInFlight_completesWhileNewCallsFailUnavailable() {
    Assumptions.assumeTrue(kit.clientOwnsOneConnection(), kit.pairing()
        + ": after a GOAWAY the client's stack opens a new connection for new streams, so"
        + " they do not fail UNAVAILABLE");
    StreamRecorder<String> inFlight = newCall();
    RecordingBatch<String> call = inFlight.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvMessage().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvTrailers().perform();
    assertThat(sFirst.awaitHeaders()).isNotNull();

    h().performTransportOp(h().awaitServerTransport(),
        new TransportOp.Goaway(Status.UNAVAILABLE.withDescription("server going away")));
    StreamRecorder<String> refused = newCall();
    RecordingBatch<String> refusedCall = unaryBatch(refused, "too late");
    assertCode(refusedCall.awaitTrailers().status(), Status.Code.UNAVAILABLE);

    CompletableFuture<Void> server = h().async(() -> {
      assertThat(s.recvMessage().awaitMessage()).isEqualTo("before goaway");
      assertThat(s.recvMessage().awaitMessage()).isNull();
      s.batch().sendHeaders(TestMetadata.simple("server")).send("answer")
          .sendTrailers(new dev.sluice.Metadata(), Status.OK).perform().awaitComplete();
      return null;
    });
    assertCode(inFlight.batch().send("before goaway").halfClose().perform().awaitComplete(),
        Status.Code.OK);
    assertThat(call.awaitMessage()).isEqualTo("answer");
    assertCode(call.awaitTrailers().status(), Status.Code.OK);
    assertCode(sFirst.awaitTrailers().status(), Status.Code.OK);
    h().await(server, "server side");
  }

  @Test
  void acceptStream_manyStreams_eachAcceptedExactlyOnce() {
    int n = 20;
    List<StreamRecorder<String>> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StreamRecorder<String> c = newCall();
      c.sendHeaders(TestMetadata.simple("client-" + i));
      clients.add(c);
    }
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      StreamRecorder<String> s = accept();
      assertThat(s.head().path()).isEqualTo(TransportHarness.DEFAULT_HEAD.path());
      assertThat(seen.add(s.stream())).as("stream accepted twice").isTrue();
    }
    // Ending every call lets any duplicate or late accept show up before teardown checks.
    for (StreamRecorder<String> c : clients) {
      c.cancel(Status.CANCELLED).awaitComplete();
      c.recvTrailers().awaitTrailers();
    }
    assertThat(h().acceptedNotTaken()).as("streams accepted beyond those opened").isZero();
  }
}
