package dev.sluice.h2;

import static dev.sluice.h2.ServerHarness.grpcRequest;
import static dev.sluice.h2.WireAsserts.assertConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.ScriptedPeer.Headers;
import dev.sluice.h2.ScriptedPeer.Settings;
import dev.sluice.h2.ScriptedPeer.SettingsAck;
import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.transport.TransportOp;
import dev.sluice.transport.TransportStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §3.4 (the HTTP/2 connection preface): the client's magic octets and SETTINGS, the
 * server's SETTINGS as its first frame, and what a peer that gets it wrong must cause.
 */
class Rfc9113PrefaceTest {

  private static final byte[] MAGIC =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final FrameWriter writer = new FrameWriter();
  private EmbeddedChannel channel;

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  @Nested
  class Server {

    private final List<TransportStream> accepted = new ArrayList<>();

    /** A server whose client has sent nothing yet. */
    private ScriptedPeer server() {
      channel = new EmbeddedChannel();
      H2Transport t = H2Transport.server(channel, H2Config.DEFAULT);
      t.performTransportOp(new TransportOp.SetAcceptStream((s, head) -> accepted.add(s)));
      return new ScriptedPeer(channel, true);
    }

    @Test
    void serverPreface_isSettingsAsTheFirstFrame_sentWithoutWaitingForTheClient() {
      ScriptedPeer peer = server();
      List<ScriptedPeer.Frame> frames = peer.frames();
      assertThat(frames).isNotEmpty();
      assertThat(frames.get(0)).isInstanceOf(Settings.class);
    }

    @Test
    void prefaceSettingsAndRequestInOneWrite_theRequestIsServed() {
      ScriptedPeer peer = server();
      peer.frames();
      ByteBuf block = peer.headerBlock(grpcRequest("/pkg.Svc/M"));
      // The client need not wait for the server's SETTINGS (RFC 9113 §3.4).
      peer.send(b -> {
        writer.clientPreface(b);
        writer.settings(b, new Http2Settings());
        writer.headers(b, 1, block, true, null, 0);
      });
      block.release();
      assertThat(peer.frames()).contains(new SettingsAck());
      assertThat(accepted).hasSize(1);
    }

    @Test
    void prefaceOneOctetAtATime_isAccepted() {
      ScriptedPeer peer = server();
      peer.frames();
      for (byte b : MAGIC) {
        peer.send(buf -> buf.writeByte(b));
      }
      peer.settings(new Http2Settings());
      assertThat(peer.frames()).containsExactly(new SettingsAck());
      assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void prefaceWithOneWrongOctet_isConnectionErrorProtocolError() {
      ScriptedPeer peer = server();
      peer.frames();
      byte[] bad = MAGIC.clone();
      bad[MAGIC.length - 3] = 'X';
      peer.send(b -> b.writeBytes(bad));
      assertConnectionError(peer, channel, Http2ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void http1RequestInsteadOfThePreface_isConnectionErrorProtocolError() {
      ScriptedPeer peer = server();
      peer.frames();
      peer.send(b -> b.writeBytes(
          "POST /pkg.Svc/M HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      assertConnectionError(peer, channel, Http2ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void prefaceFollowedByAFrameOtherThanSettings_isConnectionErrorProtocolError() {
      ScriptedPeer peer = server();
      peer.frames();
      peer.send(b -> {
        writer.clientPreface(b);
        writer.ping(b, false, 1);
      });
      assertConnectionError(peer, channel, Http2ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void prefaceFollowedBySettingsAck_isConnectionErrorProtocolError() {
      ScriptedPeer peer = server();
      peer.frames();
      peer.send(b -> {
        writer.clientPreface(b);
        writer.settingsAck(b);
      });
      assertConnectionError(peer, channel, Http2ErrorCode.PROTOCOL_ERROR);
    }
  }

  @Nested
  class Client {

    @Test
    void clientPreface_isTheMagicThenSettings_beforeAnyOtherFrame() {
      try (ClientHarness h = ClientHarness.startWithoutSettings()) {
        // The scripted server's reader checks the 24 magic octets before any frame.
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).isNotEmpty();
        assertThat(frames.get(0)).isInstanceOf(Settings.class);
      }
    }

    @Test
    void clientStartsACallBeforeTheServersSettings_headersFollowItsOwnSettings() {
      try (ClientHarness h = ClientHarness.startWithoutSettings()) {
        h.unary("early");
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames.get(0)).isInstanceOf(Settings.class);
        assertThat(frames).filteredOn(f -> f instanceof Headers).hasSize(1);
      }
    }

    @Test
    void serversFirstFrameNotSettings_isConnectionErrorProtocolError() {
      try (ClientHarness h = ClientHarness.startWithoutSettings()) {
        h.peer.frames();
        h.peer.ping(9);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void serversSettings_areAcknowledged() {
      try (ClientHarness h = ClientHarness.startWithoutSettings()) {
        h.peer.frames();
        h.peer.settings(new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 3));
        assertThat(h.peer.frames()).containsExactly(new SettingsAck());
      }
    }

    @Test
    void serverSendsTheClientMagic_isConnectionErrorProtocolError() {
      try (ClientHarness h = ClientHarness.startWithoutSettings()) {
        h.peer.frames();
        // "PRI * HTTP/2.0..." read as a frame header: a frame far over the maximum size.
        h.peer.send(b -> b.writeBytes(Unpooled.wrappedBuffer(MAGIC)));
        assertThat(h.peer.frames()).filteredOn(f -> f instanceof ScriptedPeer.GoAway)
            .hasSize(1);
        assertThat(h.channel.isOpen()).isFalse();
      }
    }
  }
}
