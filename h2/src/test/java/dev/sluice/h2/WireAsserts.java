package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Rst;
import dev.sluice.h2.frame.Http2ErrorCode;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;

/**
 * What RFC 9113 §5.4 asks of an endpoint that found an error, checked on the wire: a connection
 * error is one GOAWAY with its code and then the connection closes (§5.4.1); a stream error is
 * RST_STREAM with its code on that stream, and the connection carries on (§5.4.2).
 */
final class WireAsserts {

  private WireAsserts() {}

  /** The connection answered with GOAWAY {@code code}, no RST_STREAM, and closed. */
  static GoAway assertConnectionError(ScriptedPeer peer, EmbeddedChannel channel,
      Http2ErrorCode code) {
    List<ScriptedPeer.Frame> frames = peer.frames();
    assertThat(frames).noneMatch(f -> f instanceof Rst);
    List<GoAway> goaways = frames.stream().filter(f -> f instanceof GoAway)
        .map(f -> (GoAway) f).toList();
    assertThat(goaways).as("GOAWAY frames").hasSize(1);
    assertThat(goaways.get(0).code()).isEqualTo(code);
    assertThat(channel.isOpen()).as("connection closed after GOAWAY").isFalse();
    return goaways.get(0);
  }

  /** The connection reset stream {@code id} with {@code code}, and nothing else, and is open. */
  static void assertStreamError(ScriptedPeer peer, EmbeddedChannel channel, int id,
      Http2ErrorCode code) {
    List<ScriptedPeer.Frame> frames = peer.frames();
    assertThat(frames).filteredOn(f -> f instanceof Rst || f instanceof GoAway)
        .containsExactly(new Rst(id, code));
    assertThat(channel.isOpen()).as("connection still open").isTrue();
  }

  /** The connection neither reset a stream nor went away, and is open. */
  static void assertNoError(ScriptedPeer peer, EmbeddedChannel channel) {
    assertThat(peer.frames()).noneMatch(f -> f instanceof Rst || f instanceof GoAway);
    assertThat(channel.isOpen()).as("connection still open").isTrue();
  }

  /** The connection answers a PING: it is alive and read everything before it. */
  static void assertStillAnswers(ScriptedPeer peer) {
    peer.ping(0x5eed);
    assertThat(peer.frames()).contains(new ScriptedPeer.Ping(true, 0x5eed));
  }
}
