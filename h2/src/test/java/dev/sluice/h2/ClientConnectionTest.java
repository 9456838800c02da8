package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.Data;
import dev.sluice.h2.ScriptedPeer.Headers;
import dev.sluice.h2.ScriptedPeer.Rst;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client side of the connection, answered frame by frame by a scripted server. */
class ClientConnectionTest {

  private EmbeddedChannel channel;
  private H2Transport transport;
  private ScriptedPeer peer;
  private final List<ConnectivityState> states = new ArrayList<>();

  /** What one call's callbacks saw. */
  private static final class Seen {
    final AtomicReference<Metadata> headers = new AtomicReference<>();
    final AtomicReference<Boolean> headersDone = new AtomicReference<>();
    final AtomicReference<Message> message = new AtomicReference<>();
    final AtomicReference<Status> status = new AtomicReference<>();
    final AtomicReference<Status> sent = new AtomicReference<>();

    StreamOpBatch unary(String request) {
      return new StreamOpBatch().sendInitialMetadata(new Metadata().add("x-id", "7"))
          .sendMessage(Message.ofBytes(request.getBytes(StandardCharsets.UTF_8)), 0)
          .sendHalfClose()
          .recvInitialMetadata(h -> {
            headers.set(h);
            headersDone.set(true);
          })
          .recvMessage(message::set)
          .recvTrailingMetadata((t, s) -> status.set(s))
          .onComplete(sent::set);
    }
  }

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel();
    transport = H2Transport.client(channel, H2Config.DEFAULT, "http", "example.test");
    transport.performTransportOp(new TransportOp.WatchConnectivity((s, r) -> states.add(s)));
    peer = new ScriptedPeer(channel, false);
    peer.settings(new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 100));
  }

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  private TransportStream call(Seen seen, String request, Deadline deadline) {
    TransportStream s = transport.initStream(new CallHead("/pkg.Svc/M", null, deadline));
    transport.performStreamOp(s, seen.unary(request));
    peer.run();
    return s;
  }

  private static List<HeaderField> responseHeaders() {
    return List.of(HeaderField.of(":status", "200"),
        HeaderField.of("content-type", "application/grpc"));
  }

  @Test
  void unary_requestOnTheWire_thenResponseCompletesEveryOp() {
    Seen seen = new Seen();
    call(seen, "ping", Deadline.after(5, TimeUnit.SECONDS));
    List<ScriptedPeer.Frame> frames = peer.frames();
    Headers h = (Headers) frames.stream().filter(f -> f instanceof Headers).findFirst().get();
    assertThat(h.streamId()).isEqualTo(1);
    assertThat(h.get(":method")).isEqualTo("POST");
    assertThat(h.get(":path")).isEqualTo("/pkg.Svc/M");
    assertThat(h.get(":authority")).isEqualTo("example.test");
    assertThat(h.get("te")).isEqualTo("trailers");
    assertThat(h.get("grpc-timeout")).isNotNull();
    assertThat(h.get("x-id")).isEqualTo("7");
    Data d = (Data) frames.stream().filter(f -> f instanceof Data).findFirst().get();
    assertThat(d.endStream()).as("half-close rides on the last DATA").isTrue();
    assertThat(seen.sent.get()).isEqualTo(Status.OK);
    peer.headers(1, responseHeaders(), false);
    peer.message(1, "pong", false);
    peer.headers(1, List.of(HeaderField.of("grpc-status", "0")), true);
    assertThat(seen.headers.get()).isNotNull();
    assertThat(new String(seen.message.get().toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("pong");
    assertThat(seen.status.get()).isEqualTo(Status.OK);
    assertThat(states).contains(ConnectivityState.READY);
  }

  @Test
  void trailersOnlyResponse_reachesClientWithoutInitialMetadata() {
    Seen seen = new Seen();
    call(seen, "x", null);
    peer.headers(1, List.of(HeaderField.of(":status", "200"),
        HeaderField.of("content-type", "application/grpc"), HeaderField.of("grpc-status", "5"),
        HeaderField.of("grpc-message", "not here")), true);
    assertThat(seen.headersDone.get()).isTrue();
    assertThat(seen.headers.get()).isNull();
    assertThat(seen.message.get()).isNull();
    assertThat(seen.status.get()).isEqualTo(Status.NOT_FOUND.withDescription("not here"));
  }

  @Test
  void nonGrpcPeer_httpStatusMapsToGrpcStatus() {
    Seen seen = new Seen();
    call(seen, "x", null);
    peer.headers(1, List.of(HeaderField.of(":status", "503"),
        HeaderField.of("content-type", "text/html")), false);
    assertThat(seen.status.get().code()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void serverResetsAfterTrailers_callStillOk() {
    Seen seen = new Seen();
    TransportStream s = transport.initStream(new CallHead("/pkg.Svc/M", null, null));
    transport.performStreamOp(s, new StreamOpBatch().sendInitialMetadata(new Metadata())
        .recvInitialMetadata(seen.headers::set).recvMessage(seen.message::set)
        .recvTrailingMetadata((t, st) -> seen.status.set(st)));
    peer.run();
    peer.headers(1, responseHeaders(), false);
    peer.message(1, "early answer", false);
    peer.headers(1, List.of(HeaderField.of("grpc-status", "0")), true);
    peer.rst(1, Http2ErrorCode.NO_ERROR);
    assertThat(seen.status.get()).isEqualTo(Status.OK);
    AtomicReference<Status> late = new AtomicReference<>();
    transport.performStreamOp(s, new StreamOpBatch()
        .sendMessage(Message.ofBytes(new byte[3]), 0).onComplete(late::set));
    peer.run();
    assertThat(late.get()).as("sends after the server finished have no effect").isEqualTo(Status.OK);
  }

  @Test
  void goaway_failsStreamsAboveLastIdWithUnavailable_andCompletesOthers() {
    Seen first = new Seen();
    Seen second = new Seen();
    call(first, "a", null);
    call(second, "b", null);
    peer.frames();
    peer.goAway(1, Http2ErrorCode.NO_ERROR);
    assertThat(second.status.get().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(states).contains(ConnectivityState.TRANSIENT_FAILURE);
    peer.headers(1, responseHeaders(), false);
    peer.headers(1, List.of(HeaderField.of("grpc-status", "0")), true);
    assertThat(first.status.get()).isEqualTo(Status.OK);
  }

  @Test
  void cancel_sendsRstCancel_andCompletesPendingOps() {
    Seen seen = new Seen();
    TransportStream s = call(seen, "x", null);
    peer.frames();
    AtomicReference<Status> cancelDone = new AtomicReference<>();
    transport.performStreamOp(s, StreamOpBatch.cancel(
        Status.CANCELLED.withDescription("user gave up"), cancelDone::set));
    assertThat(peer.frames(Rst.class)).containsExactly(new Rst(1, Http2ErrorCode.CANCEL));
    assertThat(cancelDone.get()).isEqualTo(Status.OK);
    assertThat(seen.status.get().description()).isEqualTo("user gave up");
    assertThat(seen.message.get()).isNull();
  }

  @Test
  void peerConcurrencyLimit_queuesStreamsUntilOneEnds() {
    peer.settings(new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 1));
    Seen a = new Seen();
    Seen b = new Seen();
    call(a, "a", null);
    call(b, "b", null);
    assertThat(peer.frames(Headers.class)).extracting(Headers::streamId).containsExactly(1);
    peer.headers(1, List.of(HeaderField.of(":status", "200"),
        HeaderField.of("content-type", "application/grpc"), HeaderField.of("grpc-status", "0")),
        true);
    assertThat(peer.frames(Headers.class)).extracting(Headers::streamId).containsExactly(3);
  }

  @Test
  void connectionDrop_failsEveryCallWithUnavailable() {
    Seen seen = new Seen();
    call(seen, "x", null);
    channel.close();
    peer.run();
    assertThat(seen.status.get().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(transport.terminationFuture()).isDone();
    assertThat(states).endsWith(ConnectivityState.SHUTDOWN);
  }

  @Test
  void ping_ackReportsRtt_andPingAfterCloseFails() {
    AtomicReference<Long> rtt = new AtomicReference<>();
    AtomicReference<Status> failed = new AtomicReference<>();
    dev.sluice.transport.PingCallback cb = new dev.sluice.transport.PingCallback() {
      @Override
      public void acked(long rttNanos) {
        rtt.set(rttNanos);
      }

      @Override
      public void failed(Status status) {
        failed.set(status);
      }
    };
    transport.performTransportOp(new TransportOp.Ping(cb));
    ScriptedPeer.Ping p = peer.frames(ScriptedPeer.Ping.class).get(0);
    peer.send(b -> new dev.sluice.h2.frame.FrameWriter().ping(b, true, p.data()));
    assertThat(rtt.get()).isNotNull().isNotNegative();
    transport.close(Status.UNAVAILABLE);
    peer.run();
    transport.performTransportOp(new TransportOp.Ping(cb));
    peer.run();
    assertThat(failed.get().code()).isEqualTo(Status.Code.UNAVAILABLE);
  }
}
