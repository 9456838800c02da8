package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection's timers, on the embedded channel's virtual clock: no waiting. */
class ConnectionTimersTest {

  private EmbeddedChannel channel;

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  @Test
  void settingsNeverAcked_connectionErrorSettingsTimeout() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    H2Transport.server(channel, H2Config.DEFAULT);
    ScriptedPeer peer = new ScriptedPeer(channel, true);
    peer.preface().settings(new Http2Settings());
    peer.frames();
    channel.advanceTimeBy(11, TimeUnit.SECONDS);
    List<GoAway> g = peer.frames(GoAway.class);
    assertThat(g).hasSize(1);
    assertThat(g.get(0).code()).isEqualTo(Http2ErrorCode.SETTINGS_TIMEOUT);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void settingsAcked_noTimeout() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    H2Transport.server(channel, H2Config.DEFAULT);
    ScriptedPeer peer = new ScriptedPeer(channel, true);
    peer.preface().settings(new Http2Settings()).settingsAck();
    channel.advanceTimeBy(60, TimeUnit.SECONDS);
    assertThat(peer.frames(GoAway.class)).isEmpty();
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void clientKeepAlive_pingsAndClosesWhenTheAckNeverComes() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    H2Config cfg = H2Config.DEFAULT.withKeepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5))
        .withKeepAliveWithoutCalls(true);
    H2Transport t = H2Transport.client(channel, cfg, "http", "x");
    ScriptedPeer peer = new ScriptedPeer(channel, false);
    peer.settings(new Http2Settings()).settingsAck();
    peer.frames();
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    List<ScriptedPeer.Ping> pings = peer.frames(ScriptedPeer.Ping.class);
    assertThat(pings).hasSize(1);
    peer.send(b -> new dev.sluice.h2.frame.FrameWriter().ping(b, true, pings.get(0).data()));
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    List<ScriptedPeer.Ping> second = peer.frames(ScriptedPeer.Ping.class);
    assertThat(second).hasSize(1);
    channel.advanceTimeBy(6, TimeUnit.SECONDS);
    peer.run();
    assertThat(channel.isOpen()).as("dead peer detected").isFalse();
    assertThat(t.terminationFuture()).isDone();
  }

  @Test
  void gracefulShutdown_pingNeverAcked_secondGoawayAfterTimeout() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    H2Transport t = H2Transport.server(channel, H2Config.DEFAULT);
    ScriptedPeer peer = new ScriptedPeer(channel, true);
    peer.preface().settings(new Http2Settings()).settingsAck();
    peer.frames();
    t.shutdown(Status.UNAVAILABLE);
    assertThat(peer.frames(GoAway.class)).extracting(GoAway::lastStreamId)
        .containsExactly(Integer.MAX_VALUE);
    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    peer.run();
    assertThat(channel.isOpen()).as("idle: closed after the second GOAWAY").isFalse();
  }
}
