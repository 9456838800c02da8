package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ServerListener;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Scenarios 1-7: connecting, shutting down gracefully or at once, and connectivity states. */
abstract class LifecycleTests extends KitTestBase {

  LifecycleTests(AbstractTransportTest kit) {
    super(kit);
  }

  private static final Status BYE = Status.UNAVAILABLE.withDescription("shutting down");

  private ConnectivityRecorder watch(Transport t) {
    ConnectivityRecorder r = new ConnectivityRecorder(h().ledger());
    h().performTransportOp(t, new TransportOp.WatchConnectivity(r));
    return r;
  }

  /** Opens a call, has the server accept it and exchange headers; both sides keep recvs open. */
  private record OpenCall(StreamRecorder<String> client, RecordingBatch<String> clientRecvs,
      StreamRecorder<String> server, RecordingBatch<String> serverRecvs) {}

  private OpenCall openCall(Transport client) {
    StreamRecorder<String> c = h().newCall(client, STRINGS, TransportHarness.DEFAULT_HEAD);
    RecordingBatch<String> cr = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sr = s.batch().recvHeaders().recvTrailers().perform();
    assertThat(sr.awaitHeaders()).isNotNull();
    assertCode(cr.awaitComplete(), Status.Code.OK);
    return new OpenCall(c, cr, s, sr);
  }

  /** Finishes an open call normally: request "last", response "done", status OK. */
  private void finish(OpenCall call) {
    CompletableFuture<String> served = h().async(() -> {
      String m = call.server().recvMessage().awaitMessage();
      assertThat(call.server().recvMessage().awaitMessage()).isNull();
      call.server().batch().sendHeaders(new Metadata()).send("done")
          .sendTrailers(new Metadata(), Status.OK).perform().awaitComplete();
      return m;
    });
    RecordingBatch<String> rest = call.client().batch().send("last").halfClose().recvMessage()
        .perform();
    assertThat(rest.awaitMessage()).isEqualTo("done");
    assertCode(rest.awaitComplete(), Status.Code.OK);
    assertThat(h().await(served, "server side")).isEqualTo("last");
    assertThat(call.client().recvMessage().awaitMessage()).isNull();
    assertCode(call.clientRecvs().awaitTrailers().status(), Status.Code.OK);
    assertCode(call.serverRecvs().awaitTrailers().status(), Status.Code.OK);
  }

  private void assertNewCallFailsUnavailable(Transport client) {
    StreamRecorder<String> c = h().newCall(client, STRINGS, TransportHarness.DEFAULT_HEAD);
    RecordingBatch<String> b = unaryBatch(c, "refused");
    assertCode(b.awaitTrailers().status(), Status.Code.UNAVAILABLE);
    assertThat(b.awaitMessage()).isNull();
    Status sent = b.awaitComplete();
    if (!kit.hasWire()) {
      // On a wire the sends may have left before the refusal came back (rule 6): only a
      // transport without one must fail them.
      assertThat(sent.isOk()).as("onComplete of a refused call").isFalse();
    }
    c.destroy();
  }

  @Test
  void connection_noStreams_bothEndsShutDownCleanly() {
    Assumptions.assumeTrue(kit.clientOwnsOneConnection(), kit.pairing()
        + ": the client connects when its first stream starts, so no server transport exists"
        + " for a connection without streams");
    Transport client = h().client();
    ConnectivityRecorder r = watch(client);
    h().await(r.future(ConnectivityState.READY), "client READY");
    Transport server = h().awaitServerTransport();
    client.shutdown(BYE);
    server.shutdown(BYE);
    h().await(client.terminationFuture(), "client termination");
    h().await(server.terminationFuture(), "server termination");
  }

  @Test
  void connect_serverNotListening_callFailsUnavailable() {
    ServerListener listener = h().listener();
    listener.shutdown();
    h().await(listener.terminationFuture(), "listener termination");
    Transport client = h().connect(kit.newConnector(listener));
    assertNewCallFailsUnavailable(client);
  }

  @Test
  void clientShutdown_callInFlight_callCompletesAndNewCallsFailUnavailable() {
    OpenCall call = openCall(h().client());
    h().client().shutdown(BYE);
    assertNewCallFailsUnavailable(h().client());
    finish(call);
    call.client().destroy();
    call.server().destroy();
    h().await(h().client().terminationFuture(), "client termination");
  }

  @Test
  void serverShutdown_callInFlight_callCompletesAndNewCallsFailUnavailable() {
    Assumptions.assumeTrue(kit.clientOwnsOneConnection(), kit.pairing()
        + ": after the server's GOAWAY the client's stack opens a new connection for new"
        + " streams, which the still-listening server accepts, so they do not fail UNAVAILABLE");
    OpenCall call = openCall(h().client());
    Transport server = h().awaitServerTransport();
    server.shutdown(BYE);
    assertNewCallFailsUnavailable(h().client());
    finish(call);
    call.client().destroy();
    call.server().destroy();
    h().await(server.terminationFuture(), "server termination");
  }

  @Test
  void clientClose_callInFlight_everyPendingOpCompletesOnceWithError() {
    OpenCall call = openCall(h().client());
    RecordingBatch<String> clientMsg = call.client().recvMessage();
    RecordingBatch<String> serverMsg = call.server().recvMessage();
    h().client().close(Status.UNAVAILABLE.withDescription("closed by test"));
    assertThat(clientMsg.awaitMessage()).isNull();
    assertCode(call.clientRecvs().awaitTrailers().status(), Status.Code.UNAVAILABLE);
    assertThat(serverMsg.awaitMessage()).isNull();
    assertThat(call.serverRecvs().awaitTrailers().status().isOk()).as("server side status")
        .isFalse();
    RecordingBatch<String> late = call.client().batch().send("late").perform();
    assertThat(late.awaitComplete().isOk()).as("send after close").isFalse();
  }

  @Test
  void serverClose_callInFlight_everyPendingOpCompletesOnceWithError() {
    OpenCall call = openCall(h().client());
    RecordingBatch<String> clientMsg = call.client().recvMessage();
    RecordingBatch<String> serverMsg = call.server().recvMessage();
    h().awaitServerTransport().close(Status.UNAVAILABLE.withDescription("closed by test"));
    assertThat(serverMsg.awaitMessage()).isNull();
    assertThat(call.serverRecvs().awaitTrailers().status().isOk()).as("server side status")
        .isFalse();
    assertThat(clientMsg.awaitMessage()).isNull();
    assertThat(call.clientRecvs().awaitTrailers().status().isOk()).as("client side status")
        .isFalse();
  }

  @Test
  void openStream_clientShutdown_terminationWaitsForTheStream() {
    OpenCall call = openCall(h().client());
    h().client().shutdown(BYE);
    assertThat(h().client().terminationFuture()).as("terminated with a stream open").isNotDone();
    finish(call);
    call.client().destroy();
    h().await(h().client().terminationFuture(), "client termination after the stream ended");
  }

  @Test
  void listenerShutdown_newConnection_failsUnavailableWhileOldOneWorks() {
    Transport first = h().client();
    assertUnaryWorks(first);
    h().listener().shutdown();
    h().await(h().listener().terminationFuture(), "listener termination");
    assertNewCallFailsUnavailable(h().connect());
    assertUnaryWorks(first);
  }

  @Test
  void connectivityWatcher_connectThenShutdown_seesReadyThenShutdown() {
    Transport client = h().client();
    ConnectivityRecorder r = watch(client);
    h().await(r.future(ConnectivityState.READY), "READY");
    client.shutdown(BYE);
    h().await(r.future(ConnectivityState.SHUTDOWN), "SHUTDOWN");
    List<ConnectivityState> states = r.states();
    assertThat(states.get(states.size() - 1)).isEqualTo(ConnectivityState.SHUTDOWN);
    assertThat(states.indexOf(ConnectivityState.READY))
        .as("READY before SHUTDOWN in %s", states)
        .isLessThan(states.indexOf(ConnectivityState.SHUTDOWN));
    int connecting = states.indexOf(ConnectivityState.CONNECTING);
    assertThat(connecting).as("CONNECTING, if reported, comes before READY in %s", states)
        .isLessThan(states.indexOf(ConnectivityState.READY));
  }
}
