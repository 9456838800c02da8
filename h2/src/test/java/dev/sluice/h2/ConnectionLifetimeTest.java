package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Ping;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
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
 * A server connection's idle and age limits (gRFC A9), on the embedded channel's virtual clock:
 * each ends with GOAWAY(2^31-1) and a PING, then the real GOAWAY once the ping comes back.
 */
class ConnectionLifetimeTest {

  private EmbeddedChannel channel;
  private H2Transport transport;
  private ScriptedPeer peer;
  private final List<TransportStream> accepted = new ArrayList<>();

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  private void server(H2Config config) {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    transport = H2Transport.server(channel, config);
    transport.performTransportOp(new TransportOp.SetAcceptStream((s, h) -> accepted.add(s)));
    peer = new ScriptedPeer(channel, true);
    peer.preface().settings(new Http2Settings()).settingsAck();
    peer.frames();
  }

  private void advanceMillis(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    peer.run();
  }

  private static List<HeaderField> request() {
    return new ArrayList<>(List.of(HeaderField.of(":method", "POST"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", "/pkg.Svc/M"),
        HeaderField.of(":authority", "test"), HeaderField.of("content-type", "application/grpc"),
        HeaderField.of("te", "trailers")));
  }

  private AtomicReference<Status> acceptCall(int id) {
    peer.headers(id, request(), false);
    AtomicReference<Status> status = new AtomicReference<>();
    transport.performStreamOp(accepted.get(accepted.size() - 1),
        new StreamOpBatch().recvTrailingMetadata((t, s) -> status.set(s)));
    peer.run();
    return status;
  }

  private void finishCall(int index) {
    peer.data(1 + 2 * index, new byte[0], true);
    transport.performStreamOp(accepted.get(index), new StreamOpBatch()
        .sendTrailingMetadata(new Metadata(), Status.OK));
    peer.run();
  }

  /** Acks the first GOAWAY's ping and returns the frames up to the second GOAWAY. */
  private List<GoAway> ackGracefulPing() {
    List<ScriptedPeer.Frame> frames = peer.frames();
    List<GoAway> goaways = new ArrayList<>();
    for (ScriptedPeer.Frame f : frames) {
      if (f instanceof GoAway g) {
        goaways.add(g);
      } else if (f instanceof Ping p && !p.ack()) {
        peer.send(b -> peer.writer().ping(b, true, p.data()));
      }
    }
    goaways.addAll(peer.frames(GoAway.class));
    return goaways;
  }

  @Test
  void maxIdle_noCalls_twoStepGoawayMaxIdleThenClosed() {
    server(H2Config.DEFAULT.withConnectionLimits(Duration.ofSeconds(10), null, null));
    advanceMillis(9_999);
    assertThat(peer.frames()).isEmpty();
    advanceMillis(1);
    List<GoAway> g = ackGracefulPing();
    assertThat(g).extracting(GoAway::lastStreamId).containsExactly(Integer.MAX_VALUE, 0);
    assertThat(g).extracting(GoAway::debug).containsOnly("max_idle");
    assertThat(g).extracting(GoAway::code).containsOnly(Http2ErrorCode.NO_ERROR);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void maxIdle_measuredFromWhenTheLastCallEnded() {
    server(H2Config.DEFAULT.withConnectionLimits(Duration.ofSeconds(10), null, null));
    acceptCall(1);
    advanceMillis(30_000);
    assertThat(peer.frames(GoAway.class)).as("a call is open").isEmpty();
    finishCall(0);
    peer.frames();
    advanceMillis(9_000);
    assertThat(peer.frames(GoAway.class)).isEmpty();
    advanceMillis(1_000);
    assertThat(peer.frames(GoAway.class)).extracting(GoAway::debug).containsExactly("max_idle");
  }

  @Test
  void maxAge_jitterWithinTenPercent_callFinishesInsideGrace() {
    server(H2Config.DEFAULT.withConnectionLimits(null, Duration.ofSeconds(100),
        Duration.ofSeconds(30)));
    AtomicReference<Status> call = acceptCall(1);
    peer.frames();
    advanceMillis(89_999);
    assertThat(peer.frames(GoAway.class)).as("never before 0.9 x age").isEmpty();
    advanceMillis(20_002);
    List<GoAway> g = ackGracefulPing();
    assertThat(g).extracting(GoAway::lastStreamId).containsExactly(Integer.MAX_VALUE, 1);
    assertThat(g).extracting(GoAway::debug).containsOnly("max_age");
    assertThat(channel.isOpen()).as("the call may finish").isTrue();
    finishCall(0);
    assertThat(call.get().isOk()).isTrue();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void maxAgeGrace_callStillOpen_closedWhenTheGraceEnds() {
    server(H2Config.DEFAULT.withConnectionLimits(null, Duration.ofSeconds(100),
        Duration.ofSeconds(30)));
    AtomicReference<Status> call = acceptCall(1);
    peer.frames();
    advanceMillis(110_001);
    assertThat(ackGracefulPing()).hasSize(2);
    advanceMillis(29_999);
    assertThat(channel.isOpen()).isTrue();
    advanceMillis(1);
    assertThat(channel.isOpen()).isFalse();
    assertThat(call.get().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(call.get().description()).contains("max connection age grace");
  }

  @Test
  void noLimits_connectionStaysOpenForADay() {
    server(H2Config.DEFAULT);
    advanceMillis(TimeUnit.DAYS.toMillis(1));
    assertThat(peer.frames()).isEmpty();
    assertThat(channel.isOpen()).isTrue();
  }
}
