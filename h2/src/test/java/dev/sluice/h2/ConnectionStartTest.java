package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.frame.Http2Settings;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our preface and SETTINGS are the first frames we send, however the channel starts. */
class ConnectionStartTest {

  /**
   * A channel that reports itself inactive until told otherwise, as an in-memory channel can be
   * when the connection's handler is added and its peer's first bytes are already on the way.
   */
  private static final class LateActiveChannel extends EmbeddedChannel {
    boolean active;

    @Override
    public boolean isActive() {
      return active;
    }
  }

  @Test
  void peerBytesBeforeChannelActive_ourSettingsStillPrecedeTheAck() {
    LateActiveChannel channel = new LateActiveChannel();
    H2Transport.server(channel, H2Config.DEFAULT);
    channel.active = true; // connected, but channelActive has not reached the handler
    ScriptedPeer peer = new ScriptedPeer(channel, true);
    peer.preface().settings(new Http2Settings());

    List<ScriptedPeer.Frame> frames = peer.frames();
    assertThat(frames).isNotEmpty();
    assertThat(frames.get(0)).isInstanceOf(ScriptedPeer.Settings.class);
    assertThat(frames).contains(new ScriptedPeer.SettingsAck());
  }
}
