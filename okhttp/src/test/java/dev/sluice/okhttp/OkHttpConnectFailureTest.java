package dev.sluice.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ClientTransportOptions;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A transport that could not connect makes the factory's next transport to that address report
 * the failure instead of READY, so a channel backs off rather than turning over one transport per
 * transparent retry; the transport after that one tries the address again.
 */
class OkHttpConnectFailureTest {

  private static final ClientTransportOptions OPTIONS =
      new ClientTransportOptions(null, Duration.ofSeconds(10));

  @Test
  void connectRefused_nextTransport_reportsTheFailure_theOneAfterTriesAgain() throws Exception {
    // A port bound but not listening refuses connections, and no other process can take it
    // while it is held.
    try (Socket holder = new Socket()) {
      holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      InetSocketAddress refusing = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          holder.getLocalPort());
      OkHttpTransportFactory factory = OkHttpTransportFactory.builder().build();

      Transport first = factory.newTransport(refusing, OPTIONS);
      assertThat(states(first).get(0)).isEqualTo(ConnectivityState.READY);
      Status failed = runCall(first);
      assertThat(failed.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(first.terminationFuture().get(10, TimeUnit.SECONDS)).isNull();

      Transport second = factory.newTransport(refusing, OPTIONS);
      List<ConnectivityState> seen = states(second);
      assertThat(seen.get(0)).isIn(ConnectivityState.TRANSIENT_FAILURE,
          ConnectivityState.SHUTDOWN);
      assertThat(second.terminationFuture().get(10, TimeUnit.SECONDS)).isNull();
      assertThat(runCall(second).code()).isEqualTo(Status.Code.UNAVAILABLE);

      Transport third = factory.newTransport(refusing, OPTIONS);
      assertThat(states(third).get(0)).isEqualTo(ConnectivityState.READY);
      assertThat(runCall(third).code()).isEqualTo(Status.Code.UNAVAILABLE);
      third.close(Status.UNAVAILABLE);
    }
  }

  /** Watches {@code t}: the list holds the state it reported first once this returns. */
  private static List<ConnectivityState> states(Transport t) throws Exception {
    List<ConnectivityState> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> first = new CompletableFuture<>();
    t.performTransportOp(new TransportOp.WatchConnectivity((state, reason) -> {
      seen.add(state);
      first.complete(null);
    }));
    first.get(10, TimeUnit.SECONDS);
    return seen;
  }

  /** Starts a call on {@code t} and returns the status it ended with. */
  private static Status runCall(Transport t) throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    TransportStream s = t.initStream(new CallHead("/sluice.test.Stack/Echo", null, null));
    t.performStreamOp(s, new StreamOpBatch().sendInitialMetadata(new Metadata())
        .recvTrailingMetadata((trailers, status) -> ended.complete(status)));
    Status status = ended.get(10, TimeUnit.SECONDS);
    t.destroyStream(s);
    return status;
  }
}
