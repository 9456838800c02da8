package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Ping;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keepalive (gRFC A8) on both sides, on the embedded channel's virtual clock: the client pings
 * only after the keepalive time without reads, the server counts strikes against pings that come
 * too often.
 */
class KeepAliveTest {

  private static final H2Config CLIENT = H2Config.DEFAULT
      .withKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5));

  private EmbeddedChannel channel;
  private H2Transport transport;
  private ScriptedPeer peer;

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  private void client(H2Config config) {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    transport = H2Transport.client(channel, config, "http", "x");
    peer = new ScriptedPeer(channel, false);
    peer.settings(new Http2Settings()).settingsAck();
    peer.frames();
  }

  private void advance(int seconds) {
    channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
    peer.run();
  }

  private AtomicReference<Status> openCall() {
    AtomicReference<Status> status = new AtomicReference<>();
    TransportStream s = transport.initStream(new CallHead("/pkg.Svc/M", null, null));
    transport.performStreamOp(s, new StreamOpBatch().sendInitialMetadata(new Metadata())
        .recvTrailingMetadata((t, st) -> status.set(st)));
    peer.run();
    return status;
  }

  @Test
  void client_noCallsAndWithoutCallsOff_neverPings() {
    client(CLIENT);
    advance(300);
    assertThat(peer.frames(Ping.class)).isEmpty();
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void client_withoutCalls_pingsOnlyAfterKeepAliveTimeWithoutReads() {
    client(CLIENT.withKeepAliveWithoutCalls(true));
    advance(20);
    peer.windowUpdate(0, 1); // any frame read counts as life
    advance(15); // 35 s since start, 15 s since the last read
    assertThat(peer.frames(Ping.class)).as("not 30 s without reads yet").isEmpty();
    advance(16); // 31 s since the last read
    assertThat(peer.frames(Ping.class)).hasSize(1);
  }

  @Test
  void client_pingNeverAcked_closesUnavailableAfterTimeout() {
    client(CLIENT);
    AtomicReference<Status> status = openCall();
    peer.frames();
    advance(30);
    assertThat(peer.frames(Ping.class)).hasSize(1);
    advance(4);
    assertThat(channel.isOpen()).as("timeout not reached").isTrue();
    advance(1);
    assertThat(channel.isOpen()).isFalse();
    assertThat(status.get().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.get().description()).contains("Keepalive failed");
    assertThat(transport.terminationFuture()).isDone();
  }

  @Test
  void client_ackComes_keepsPingingEveryKeepAliveTime() {
    client(CLIENT);
    openCall();
    peer.frames();
    for (int i = 0; i < 3; i++) {
      advance(30);
      List<Ping> pings = peer.frames(Ping.class);
      assertThat(pings).hasSize(1);
      peer.send(b -> peer.writer().ping(b, true, pings.get(0).data()));
      advance(5);
      assertThat(channel.isOpen()).isTrue();
    }
  }

  @Test
  void client_anyFrameAfterThePing_countsAsTheAck() {
    client(CLIENT);
    openCall();
    peer.frames();
    advance(30);
    assertThat(peer.frames(Ping.class)).hasSize(1);
    peer.windowUpdate(0, 1);
    advance(10);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void client_dormantWithoutCalls_pingsAheadOfTheNextCallsHeaders() {
    client(CLIENT);
    advance(60);
    assertThat(peer.frames(Ping.class)).isEmpty();
    openCall();
    List<ScriptedPeer.Frame> frames = peer.frames();
    assertThat(frames.get(0)).isInstanceOf(Ping.class);
    assertThat(frames.get(1)).isInstanceOf(ScriptedPeer.Headers.class);
  }

  // ---------------------------------------------------------------- server enforcement

  private final List<TransportStream> accepted = new ArrayList<>();

  private void server(H2Config config) {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    transport = H2Transport.server(channel, config);
    transport.performTransportOp(new TransportOp.SetAcceptStream((s, h) -> accepted.add(s)));
    peer = new ScriptedPeer(channel, true);
    peer.preface().settings(new Http2Settings()).settingsAck();
    peer.frames();
  }

  private static List<HeaderField> request() {
    return new ArrayList<>(List.of(HeaderField.of(":method", "POST"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", "/pkg.Svc/M"),
        HeaderField.of(":authority", "test"), HeaderField.of("content-type", "application/grpc"),
        HeaderField.of("te", "trailers")));
  }

  /** Pings every {@code seconds} until GOAWAY or {@code max} pings; returns how many were sent. */
  private int pingEvery(int seconds, int max) {
    int sent = 0;
    while (sent < max && channel.isOpen()) {
      peer.ping(sent);
      sent++;
      advance(seconds);
    }
    return sent;
  }

  @Test
  void server_pingsEveryTenSecondsWithoutCalls_goawayTooManyPingsOnTheFourth() {
    server(H2Config.DEFAULT);
    assertThat(pingEvery(10, 10)).isEqualTo(4); // one allowed, then three strikes
    List<GoAway> g = peer.frames(GoAway.class);
    assertThat(g).hasSize(1);
    assertThat(g.get(0).code()).isEqualTo(Http2ErrorCode.ENHANCE_YOUR_CALM);
    assertThat(g.get(0).debug()).isEqualTo("too_many_pings");
  }

  @Test
  void server_permitWithoutCalls_pingsAtThePermittedRateAreFine() {
    server(H2Config.DEFAULT.withPermitKeepAlive(Duration.ofSeconds(10), true));
    assertThat(pingEvery(10, 10)).isEqualTo(10);
    assertThat(peer.frames(GoAway.class)).isEmpty();
  }

  @Test
  void server_withoutCallsNotPermitted_pingsAtThePermittedRateStrikeWhileIdle() {
    server(H2Config.DEFAULT.withPermitKeepAlive(Duration.ofSeconds(10), false));
    assertThat(pingEvery(10, 10)).isEqualTo(4);
  }

  @Test
  void server_callOpen_pingsAtThePermittedRateAreFine() {
    server(H2Config.DEFAULT.withPermitKeepAlive(Duration.ofSeconds(10), false));
    peer.headers(1, request(), false);
    assertThat(accepted).hasSize(1);
    assertThat(pingEvery(10, 10)).isEqualTo(10);
    assertThat(peer.frames(GoAway.class)).isEmpty();
  }

  @Test
  void server_dataSentBetweenPings_strikesStartOver() {
    server(H2Config.DEFAULT);
    peer.headers(1, request(), false);
    transport.performStreamOp(accepted.get(0),
        new StreamOpBatch().sendInitialMetadata(new Metadata()));
    for (int i = 0; i < 10; i++) {
      peer.ping(i);
      peer.ping(100 + i); // a strike: a minute is well under five
      transport.performStreamOp(accepted.get(0),
          new StreamOpBatch().sendMessage(Message.ofBytes(new byte[] {1}), 0));
      advance(60);
    }
    assertThat(channel.isOpen()).isTrue();
    assertThat(peer.frames(GoAway.class)).isEmpty();
  }

  @Test
  void server_keepAlive_pingsWhenIdleAndClosesWithoutAnAck() {
    server(H2Config.DEFAULT.withKeepAlive(Duration.ofHours(2), Duration.ofSeconds(20)));
    advance(2 * 3600 - 1);
    assertThat(peer.frames(Ping.class)).isEmpty();
    advance(1);
    assertThat(peer.frames(Ping.class)).hasSize(1);
    advance(20);
    assertThat(channel.isOpen()).isFalse();
  }
}
