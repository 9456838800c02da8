package dev.sluice.h2;

import dev.sluice.h2.frame.FrameReader;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.frame.PrioritySpec;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The connection's reaction to each incoming frame: connection-level frames (SETTINGS, PING,
 * GOAWAY, connection WINDOW_UPDATE) are handled here, stream frames go to the {@link
 * StreamEngine}. Runs on the connection's thread, called by the {@link FrameReader}.
 */
final class FrameDispatcher implements FrameReader.Handler {

  private final Http2Connection conn;
  private boolean peerSettingsSeen;

  FrameDispatcher(Http2Connection conn) {
    this.conn = conn;
  }

  /** RFC 9113 §3.4: the peer's preface ends with SETTINGS, its first frame. */
  private void requireSettingsFirst(String frame) throws Http2Exception {
    if (!peerSettingsSeen) {
      throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
          "First frame from the peer was %s, not SETTINGS (RFC 9113 §3.4)", frame);
    }
  }

  @Override
  public void data(int streamId, ByteBuf data, boolean endStream, int flowControlledBytes)
      throws Http2Exception {
    try {
      requireSettingsFirst("DATA");
    } catch (Http2Exception e) {
      data.release();
      throw e;
    }
    conn.engine.onData(streamId, data, endStream, flowControlledBytes);
  }

  @Override
  public void headers(int streamId, ByteBuf headerBlock, boolean endStream, PrioritySpec priority)
      throws Http2Exception {
    requireSettingsFirst("HEADERS");
    conn.engine.onHeaders(streamId, headerBlock, endStream);
  }

  @Override
  public void priority(int streamId, PrioritySpec priority) throws Http2Exception {
    requireSettingsFirst("PRIORITY");
    // Parsed and ignored: RFC 9113 deprecates the priority scheme (§5.3.2).
  }

  @Override
  public void rstStream(int streamId, Http2ErrorCode errorCode) throws Http2Exception {
    requireSettingsFirst("RST_STREAM");
    conn.engine.onRstStream(streamId, errorCode);
  }

  @Override
  public void settings(Http2Settings settings) throws Http2Exception {
    peerSettingsSeen = true;
    conn.engine.applyPeerSettings(settings);
    if (conn.countControlReply()) {
      conn.writer.settingsAck(conn.out());
    }
    conn.onPeerSettingsApplied();
  }

  @Override
  public void settingsAck() throws Http2Exception {
    requireSettingsFirst("SETTINGS ACK");
    conn.onSettingsAck();
  }

  @Override
  public void pushPromise(int streamId, int promisedStreamId, ByteBuf headerBlock)
      throws Http2Exception {
    // We advertise ENABLE_PUSH=0 as a client, and a client never pushes (RFC 9113 §8.4).
    throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
        "PUSH_PROMISE received, but server push is disabled (RFC 9113 §8.4)");
  }

  @Override
  public void ping(boolean ack, long opaqueData) throws Http2Exception {
    requireSettingsFirst("PING");
    if (ack) {
      conn.pings.onAck(opaqueData);
    } else {
      conn.pings.onPing(opaqueData);
    }
  }

  @Override
  public void goAway(int lastStreamId, Http2ErrorCode errorCode, ByteBuf debugData)
      throws Http2Exception {
    requireSettingsFirst("GOAWAY");
    String debug = debugData.toString(StandardCharsets.UTF_8);
    conn.engine.onGoaway(lastStreamId, errorCode, debug);
    conn.onGoawayReceived();
  }

  @Override
  public void windowUpdate(int streamId, int windowSizeIncrement) throws Http2Exception {
    requireSettingsFirst("WINDOW_UPDATE");
    conn.engine.onWindowUpdate(streamId, windowSizeIncrement);
  }

  @Override
  public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {
    // Unknown frame types are ignored (RFC 9113 §5.5).
  }
}
