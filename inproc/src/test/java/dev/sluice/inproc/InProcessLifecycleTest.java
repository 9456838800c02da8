package dev.sluice.inproc;

import static dev.sluice.inproc.Fixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.ConnectivityWatcher;
import dev.sluice.transport.Message;
import dev.sluice.transport.PingCallback;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InProcessLifecycleTest {

  @Test
  void close_pendingOpsOnBothEnds_eachCompletesOnceAndBothTerminate() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Transport server = f.server();
      // Fill the server's queue so the client's next send is parked too.
      Probe first = new Probe();
      f.client.performStreamOp(c, first.sends().sendMessage(Message.ofBytes(new byte[70_000]), 0));
      first.awaitComplete();
      Probe blocked = new Probe();
      f.client.performStreamOp(c, blocked.sends().sendMessage(text("parked"), 0));
      Probe clientRecvs = new Probe();
      f.client.performStreamOp(c, clientRecvs.allRecvs());
      Probe serverTrailers = new Probe();
      server.performStreamOp(a.stream(), serverTrailers.recvTrailers());
      Fixture.flush(f.client);

      Status gone = Status.UNAVAILABLE.withDescription("closing");
      f.client.close(gone);

      assertThat(blocked.awaitComplete()).isEqualTo(gone);
      assertThat(clientRecvs.awaitHeaders()).isNull();
      assertThat(clientRecvs.awaitMessage()).isNull();
      assertThat(clientRecvs.awaitTrailers().status()).isEqualTo(gone);
      assertThat(serverTrailers.awaitTrailers().status()).isEqualTo(gone);
      f.client.terminationFuture().get(5, TimeUnit.SECONDS);
      server.terminationFuture().get(5, TimeUnit.SECONDS);
      // A second close must not run anything again.
      f.client.close(Status.INTERNAL);
      server.close(Status.INTERNAL);
      Fixture.flush(f.client);
      for (Probe p : List.of(blocked, clientRecvs, serverTrailers)) {
        p.assertNoCallbackRanTwice();
      }
    }
  }

  @Test
  void close_serverEnd_endsClientStreamsToo() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      Probe client = new Probe();
      f.client.performStreamOp(c, client.recvTrailers());
      f.accept();
      f.server().close(Status.UNAVAILABLE);
      assertThat(client.awaitTrailers().status().code()).isEqualTo(Status.Code.UNAVAILABLE);
      f.client.terminationFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void shutdown_streamInFlight_refusesNewStreamsAndTerminatesWhenDone() throws Exception {
    try (Fixture f = new Fixture()) {
      TransportStream c = f.open();
      f.client.performStreamOp(c, new StreamOpBatch().sendInitialMetadata(new Metadata()));
      Fixture.Accepted a = f.accept();
      Transport server = f.server();
      f.client.shutdown(Status.OK);

      TransportStream refused = f.open();
      Probe r = new Probe();
      f.client.performStreamOp(refused, r.recvTrailers());
      assertThat(r.awaitTrailers().status().code()).isEqualTo(Status.Code.UNAVAILABLE);
      Fixture.flush(f.client);
      assertThat(f.client.terminationFuture()).isNotDone();

      f.client.performStreamOp(c, new StreamOpBatch().sendHalfClose());
      server.performStreamOp(a.stream(), new StreamOpBatch()
          .sendTrailingMetadata(new Metadata(), Status.OK).recvTrailingMetadata((m, s) -> { }));
      Probe end = new Probe();
      f.client.performStreamOp(c, end.allRecvs());
      assertThat(end.awaitTrailers().status()).isEqualTo(Status.OK);
      f.client.terminationFuture().get(5, TimeUnit.SECONDS);
      server.terminationFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void goaway_fromServer_newStreamsFailUnavailable() throws Exception {
    try (Fixture f = new Fixture()) {
      f.server().performTransportOp(new TransportOp.Goaway(Status.UNAVAILABLE));
      Fixture.flush(f.client);
      TransportStream s = f.open();
      Probe p = new Probe();
      f.client.performStreamOp(s, p.recvTrailers());
      assertThat(p.awaitTrailers().status().code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(f.accepted).isEmpty();
    }
  }

  @Test
  void ping_openTransport_ackedWithZeroRtt() throws Exception {
    try (Fixture f = new Fixture()) {
      CompletableFuture<Long> rtt = new CompletableFuture<>();
      f.client.performTransportOp(new TransportOp.Ping(pingTo(rtt, new CompletableFuture<>())));
      assertThat(rtt.get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void ping_afterShutdown_failsUnavailable() throws Exception {
    try (Fixture f = new Fixture()) {
      f.client.shutdown(Status.OK);
      CompletableFuture<Status> failed = new CompletableFuture<>();
      f.client.performTransportOp(new TransportOp.Ping(pingTo(new CompletableFuture<>(), failed)));
      assertThat(failed.get(5, TimeUnit.SECONDS).code()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void watchConnectivity_thenShutdown_reportsReadyThenShutdown() throws Exception {
    try (Fixture f = new Fixture()) {
      List<ConnectivityState> states = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> shut = new CompletableFuture<>();
      ConnectivityWatcher w = (state, reason) -> {
        states.add(state);
        if (state == ConnectivityState.SHUTDOWN) {
          shut.complete(null);
        }
      };
      f.client.performTransportOp(new TransportOp.WatchConnectivity(w));
      f.server().shutdown(Status.OK);
      shut.get(5, TimeUnit.SECONDS);
      assertThat(states).containsExactly(ConnectivityState.READY, ConnectivityState.SHUTDOWN);
    }
  }

  @Test
  void stopWatch_beforeChange_watcherHearsNothingMore() throws Exception {
    try (Fixture f = new Fixture()) {
      List<ConnectivityState> states = new CopyOnWriteArrayList<>();
      ConnectivityWatcher w = (state, reason) -> states.add(state);
      f.client.performTransportOp(new TransportOp.WatchConnectivity(w));
      f.client.performTransportOp(new TransportOp.StopWatch(w));
      f.client.shutdown(Status.OK);
      Fixture.flush(f.client);
      assertThat(states).containsExactly(ConnectivityState.READY);
    }
  }

  @Test
  void connect_noServerUnderName_transientFailureAndStreamsUnavailable() throws Exception {
    Transport t = new InProcessConnector("inproc-test-missing").connect();
    CompletableFuture<ConnectivityState> state = new CompletableFuture<>();
    t.performTransportOp(new TransportOp.WatchConnectivity((s, r) -> state.complete(s)));
    assertThat(state.get(5, TimeUnit.SECONDS)).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);

    TransportStream s = t.initStream(new CallHead("/a/b", null, null));
    Probe p = new Probe();
    t.performStreamOp(s, p.allRecvs().sendInitialMetadata(new Metadata()));
    Status status = p.awaitTrailers().status();
    assertThat(status.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.description()).isEqualTo("no in-process server named inproc-test-missing");
    assertThat(p.awaitComplete().code()).isEqualTo(Status.Code.UNAVAILABLE);
    t.shutdown(Status.OK);
    t.terminationFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void initStream_serverWithoutAcceptor_failsUnavailable() throws Exception {
    try (Fixture f = new Fixture(false)) {
      f.server();
      TransportStream s = f.open();
      Probe p = new Probe();
      f.client.performStreamOp(s, p.recvTrailers());
      assertThat(p.awaitTrailers().status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    }
  }

  @Test
  void initStream_rightAfterConnect_reachesAcceptorExactlyOnce() throws Exception {
    try (Fixture f = new Fixture()) {
      f.open();
      f.accept();
      Fixture.flush(f.client);
      assertThat(f.accepted).isEmpty();
    }
  }

  @Test
  void accept_acceptorThrows_clientStreamFailsInsteadOfHanging() throws Exception {
    InProcessServerListener l = new InProcessServerListener("inproc-test-throwing-acceptor");
    l.start(t -> t.performTransportOp(new TransportOp.SetAcceptStream((s, h) -> {
      throw new IllegalStateException("acceptor bug (expected in this test)");
    })));
    try {
      Transport client = new InProcessConnector(l.name()).connect();
      TransportStream s = client.initStream(new CallHead("/a/b", null, null));
      Probe p = new Probe();
      client.performStreamOp(s, p.recvTrailers());
      assertThat(p.awaitTrailers().status().code()).isEqualTo(Status.Code.INTERNAL);
      client.close(Status.UNAVAILABLE);
    } finally {
      l.shutdown();
    }
  }

  @Test
  void start_nameTaken_throwsIoException() throws Exception {
    try (Fixture f = new Fixture()) {
      InProcessServerListener second = new InProcessServerListener(f.name);
      assertThatThrownBy(() -> second.start(t -> { }))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(f.name);
    }
  }

  @Test
  void shutdown_listener_freesNameAndTerminates() throws Exception {
    InProcessServerListener l = new InProcessServerListener("inproc-test-reuse");
    l.start(t -> { });
    assertThat(l.address()).isEqualTo("inproc:inproc-test-reuse");
    l.shutdown();
    l.terminationFuture().get(5, TimeUnit.SECONDS);
    InProcessServerListener again = new InProcessServerListener("inproc-test-reuse");
    again.start(t -> { });
    again.shutdown();
  }

  @Test
  void setAcceptStream_onClient_isRejected() throws Exception {
    try (Fixture f = new Fixture()) {
      assertThatThrownBy(() -> f.client.performTransportOp(
          new TransportOp.SetAcceptStream((s, h) -> { })))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static PingCallback pingTo(CompletableFuture<Long> acked,
      CompletableFuture<Status> failed) {
    return new PingCallback() {
      @Override
      public void acked(long rttNanos) {
        acked.complete(rttNanos);
      }

      @Override
      public void failed(Status status) {
        failed.complete(status);
      }
    };
  }
}
