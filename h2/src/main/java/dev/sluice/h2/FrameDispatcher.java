package dev.sluice.h2;

import dev.sluice.Status;
import dev.sluice.h2.frame.FrameReader;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Exception;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.frame.PrioritySpec;
import io.netty.buffer.ByteBuf;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * The connection's reaction to each incoming frame. The peer's preface must end with SETTINGS
 * (RFC 9113 §3.4); SETTINGS and GOAWAY are applied here, to every part they touch; PING goes to
 * {@link Pings}, WINDOW_UPDATE to the {@link OutboundPath}, HEADERS to {@link InboundHeaders},
 * DATA to {@link InboundData}, RST_STREAM to the {@link StreamCloser}. Runs on the connection's
 * thread, called by the {@link FrameReader}.
 */
final class FrameDispatcher implements FrameReader.Handler {

  private static final Logger log = System.getLogger("dev.sluice.h2");

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
    conn.inData.onData(streamId, data, endStream, flowControlledBytes);
  }

  @Override
  public void headers(int streamId, ByteBuf headerBlock, boolean endStream, PrioritySpec priority)
      throws Http2Exception {
    requireSettingsFirst("HEADERS");
    conn.inHeaders.onHeaders(streamId, headerBlock, endStream);
  }

  @Override
  public void priority(int streamId, PrioritySpec priority) throws Http2Exception {
    requireSettingsFirst("PRIORITY");
    // Parsed and ignored: RFC 9113 deprecates the priority scheme (§5.3.2).
  }

  @Override
  public void rstStream(int streamId, Http2ErrorCode errorCode) throws Http2Exception {
    requireSettingsFirst("RST_STREAM");
    conn.closer.onRstStream(streamId, errorCode);
  }

  @Override
  public void settings(Http2Settings settings) throws Http2Exception {
    peerSettingsSeen = true;
    applyPeerSettings(settings);
    if (conn.output.countControlReply()) {
      conn.writer.settingsAck(conn.output.out());
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
    onGoaway(lastStreamId, errorCode, debug);
    conn.end.onGoawayReceived("The peer sent GOAWAY (" + errorCode
        + (debug.isEmpty() ? "" : ": " + debug) + ")");
  }

  @Override
  public void windowUpdate(int streamId, int windowSizeIncrement) throws Http2Exception {
    requireSettingsFirst("WINDOW_UPDATE");
    conn.outbound.onWindowUpdate(streamId, windowSizeIncrement);
  }

  @Override
  public void unknownFrame(int type, int streamId, int flags, ByteBuf payload) {
    // Unknown frame types are ignored (RFC 9113 §5.5).
  }

  private void applyPeerSettings(Http2Settings settings) throws Http2Exception {
    if (conn.client && settings.has(Http2Settings.ENABLE_PUSH)
        && settings.get(Http2Settings.ENABLE_PUSH) != 0) {
      throw Http2Exception.connectionError(Http2ErrorCode.PROTOCOL_ERROR,
          "The server set SETTINGS_ENABLE_PUSH to %d; a server may only set it to 0 "
              + "(RFC 9113 §6.5.2)", settings.get(Http2Settings.ENABLE_PUSH));
    }
    conn.headerBlocks.applyPeerSettings(settings);
    conn.streams.applyPeerSettings(settings);
    if (settings.has(Http2Settings.MAX_FRAME_SIZE)) {
      conn.writer.maxFrameSize((int) settings.get(Http2Settings.MAX_FRAME_SIZE));
    }
    conn.outbound.applyPeerSettings(settings);
    conn.outbound.flushAllAfterRead();
    if (conn.client) {
      conn.streams.startWaitingStreams();
    }
  }

  /** Streams above the peer's last stream id were never processed: they end, safe to retry. */
  private void onGoaway(int lastStreamId, Http2ErrorCode code, String debug) {
    conn.streams.goawayReceived(lastStreamId);
    Status unprocessed = Status.UNAVAILABLE.withDescription("The server sent GOAWAY (" + code
        + (debug.isEmpty() ? "" : ": " + debug) + ") before processing this call; it is safe "
        + "to retry");
    for (H2Stream s : conn.streams.openSnapshot()) {
      if (conn.client && s.id > lastStreamId) {
        s.stats.markUnprocessed(); // RFC 9113 §6.8: above last-stream-id, not processed
        conn.closer.close(s, unprocessed);
      }
    }
    conn.streams.failWaitingStreams(unprocessed);
    if (code == Http2ErrorCode.ENHANCE_YOUR_CALM && "too_many_pings".equals(debug)) {
      // DEBUG: the channel's WARNING (once per doubling, not per connection) tells the operator.
      log.log(Level.DEBUG, () -> "The server " + conn.peer() + " closed the connection for too "
          + "many pings (keepalive time " + conn.config.keepAliveTime() + "); a channel doubles "
          + "it for its next connections");
      conn.onTooManyPings.run();
    }
  }
}
