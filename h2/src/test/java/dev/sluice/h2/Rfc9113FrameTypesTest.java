package dev.sluice.h2;

import static dev.sluice.h2.ServerHarness.grpcRequest;
import static dev.sluice.h2.WireAsserts.assertConnectionError;
import static dev.sluice.h2.WireAsserts.assertNoError;
import static dev.sluice.h2.WireAsserts.assertStillAnswers;
import static dev.sluice.h2.WireAsserts.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Ping;
import dev.sluice.h2.ScriptedPeer.SettingsAck;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §6, frame type by frame type: what each frame does, and the connection or stream
 * error each malformed or misplaced one must cause, checked on the wire against a scripted peer.
 */
class Rfc9113FrameTypesTest {

  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int PRIORITY = 0x2;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int PUSH_PROMISE = 0x5;
  static final int PING = 0x6;
  static final int GOAWAY = 0x7;
  static final int WINDOW_UPDATE = 0x8;
  static final int CONTINUATION = 0x9;

  static final int END_STREAM = 0x1;
  static final int ACK = 0x1;
  static final int END_HEADERS = 0x4;
  static final int PADDED = 0x8;
  static final int PRIORITY_FLAG = 0x20;

  /** {@code fields} HPACK-encoded by the peer's encoder, as one header block fragment. */
  static byte[] block(ScriptedPeer peer, List<HeaderField> fields) {
    ByteBuf b = peer.headerBlock(fields);
    byte[] bytes = new byte[b.readableBytes()];
    b.readBytes(bytes);
    b.release();
    return bytes;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** A gRPC message: the 5-byte prefix, then the text. */
  static byte[] grpcMessage(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return concat(new byte[] {0}, int32(body.length), body);
  }

  /** Receives the first accepted call's first message. */
  private static AtomicReference<Message> recvFirstMessage(ServerHarness h) {
    AtomicReference<Message> m = new AtomicReference<>();
    h.perform(h.accepted.get(0).stream(), new StreamOpBatch().recvMessage(m::set));
    return m;
  }

  @Nested
  class Section6_1_Data {

    @Test
    void dataOnStreamZero_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(DATA, 0, 0, new byte[] {1, 2, 3});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void dataOnIdleStream_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.data(1, new byte[] {1, 2, 3}, false);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void dataOnHalfClosedRemoteStream_isStreamErrorStreamClosed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.peer.frames();
        h.peer.message(1, "after END_STREAM", false);
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.STREAM_CLOSED);
      }
    }

    @Test
    void clientGetsDataBeforeResponseHeaders_isStreamErrorProtocolError() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.frames();
        h.peer.message(1, "too early", false);
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.PROTOCOL_ERROR);
        assertThat(c.status.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }

    @Test
    void clientGetsDataPastItsStreamWindow_isStreamErrorFlowControlError() {
      try (ClientHarness h = ClientHarness.start(H2Config.DEFAULT.withInitialStreamWindow(16),
          new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 10))) {
        h.unary("x");
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.frames();
        h.peer.data(1, new byte[17], false);
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.FLOW_CONTROL_ERROR);
      }
    }

    @Test
    void paddedData_reachesTheCallWithoutItsPadding() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        AtomicReference<Message> m = recvFirstMessage(h);
        byte[] msg = grpcMessage("padded");
        // Pad length 10, the message, ten zero octets.
        h.peer.rawFrame(DATA, PADDED | END_STREAM, 1, concat(new byte[] {10}, msg, new byte[10]));
        assertNoError(h.peer, h.channel);
        assertThat(new String(m.get().toByteArray(), StandardCharsets.UTF_8)).isEqualTo("padded");
      }
    }

    @Test
    void padLengthAsLongAsThePayload_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(DATA, PADDED, 1, new byte[] {3, 0, 0});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void paddingCountsAgainstTheStreamWindow() {
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT.withInitialStreamWindow(16),
          new Http2Settings())) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        // 1 + 5 + 10 = 16 octets fit; the same with one more octet of padding does not.
        h.peer.rawFrame(DATA, PADDED, 1, concat(new byte[] {10}, new byte[5], new byte[10]));
        assertNoError(h.peer, h.channel);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), false);
        h.peer.rawFrame(DATA, PADDED, 3, concat(new byte[] {11}, new byte[5], new byte[11]));
        assertStreamError(h.peer, h.channel, 3, Http2ErrorCode.FLOW_CONTROL_ERROR);
      }
    }
  }

  @Nested
  class Section6_2_Headers {

    @Test
    void headersOnStreamZero_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(HEADERS, END_HEADERS, 0, block(h.peer, grpcRequest("/pkg.Svc/M")));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void paddedHeadersWithPriority_openTheStream() {
      try (ServerHarness h = ServerHarness.start()) {
        byte[] b = block(h.peer, grpcRequest("/pkg.Svc/M"));
        // Pad length 4, stream dependency 0 (exclusive), weight 16, the block, four zeros.
        h.peer.rawFrame(HEADERS, END_HEADERS | END_STREAM | PADDED | PRIORITY_FLAG, 1,
            concat(new byte[] {4}, int32(0x8000_0000), new byte[] {15}, b, new byte[4]));
        assertNoError(h.peer, h.channel);
        assertThat(h.accepted).hasSize(1);
        assertThat(h.accepted.get(0).head().path()).isEqualTo("/pkg.Svc/M");
      }
    }

    @Test
    void headersDependingOnItsOwnStream_isProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        byte[] b = block(h.peer, grpcRequest("/pkg.Svc/M"));
        h.peer.rawFrame(HEADERS, END_HEADERS | PRIORITY_FLAG, 1,
            concat(int32(1), new byte[] {15}, b));
        // A stream error would do (RFC 9113 §5.3.1); this reader ends the connection.
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
        assertThat(h.accepted).isEmpty();
      }
    }

    @Test
    void headersSplitOverContinuation_openTheStream() {
      try (ServerHarness h = ServerHarness.start()) {
        byte[] b = block(h.peer, grpcRequest("/pkg.Svc/M"));
        int half = b.length / 2;
        h.peer.send(buf -> {
          buf.writeMedium(half).writeByte(HEADERS).writeByte(END_STREAM).writeInt(1)
              .writeBytes(b, 0, half);
          buf.writeMedium(b.length - half).writeByte(CONTINUATION).writeByte(END_HEADERS)
              .writeInt(1).writeBytes(b, half, b.length - half);
        });
        assertNoError(h.peer, h.channel);
        assertThat(h.accepted).hasSize(1);
      }
    }
  }

  @Nested
  class Section6_3_Priority {

    @Test
    void priorityOnIdleStream_isIgnored_andTheStreamCanOpenLater() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(PRIORITY, 0, 3, concat(int32(0), new byte[] {15}));
        assertNoError(h.peer, h.channel);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), true);
        assertThat(h.accepted).hasSize(1);
      }
    }

    @Test
    void priorityOnClosedStream_isIgnored() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.rst(1, Http2ErrorCode.CANCEL);
        h.peer.frames();
        h.peer.rawFrame(PRIORITY, 0, 1, concat(int32(0), new byte[] {15}));
        assertNoError(h.peer, h.channel);
        assertStillAnswers(h.peer);
      }
    }

    @Test
    void priorityOnStreamZero_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(PRIORITY, 0, 0, concat(int32(1), new byte[] {15}));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void priorityOfWrongLength_isStreamErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(PRIORITY, 0, 1, new byte[] {0, 0, 0, 0});
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.FRAME_SIZE_ERROR);
      }
    }
  }

  @Nested
  class Section6_4_RstStream {

    @Test
    void rstStreamOnStreamZero_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(RST_STREAM, 0, 0, int32((int) Http2ErrorCode.CANCEL.wireValue()));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void rstStreamOnIdleStream_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rst(1, Http2ErrorCode.CANCEL);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void rstStreamOfWrongLength_isConnectionErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(RST_STREAM, 0, 1, new byte[] {0, 0, 0, 0, 8});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.FRAME_SIZE_ERROR);
      }
    }

    @Test
    void rstStream_endsTheCallAndOnlyIt() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), false);
        AtomicReference<Status> first = new AtomicReference<>();
        AtomicReference<Status> second = new AtomicReference<>();
        h.perform(h.accepted.get(0).stream(),
            new StreamOpBatch().recvTrailingMetadata((t, s) -> first.set(s)));
        h.perform(h.accepted.get(1).stream(),
            new StreamOpBatch().recvTrailingMetadata((t, s) -> second.set(s)));
        h.peer.rst(1, Http2ErrorCode.CANCEL);
        assertThat(first.get().code()).isEqualTo(Status.Code.CANCELLED);
        assertThat(second.get()).isNull();
        assertNoError(h.peer, h.channel);
      }
    }
  }

  @Nested
  class Section6_5_Settings {

    @Test
    void everySettingsFrame_isAcknowledged() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.settings(new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 7));
        h.peer.settings(new Http2Settings());
        assertThat(h.peer.frames()).filteredOn(f -> f instanceof SettingsAck).hasSize(2);
      }
    }

    @Test
    void settingsAckWithPayload_isConnectionErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(SETTINGS, ACK, 0, new byte[] {0, 3, 0, 0, 0, 1});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.FRAME_SIZE_ERROR);
      }
    }

    @Test
    void settingsOnAStream_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(SETTINGS, 0, 1, new byte[] {0, 3, 0, 0, 0, 1});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void settingsLengthNotAMultipleOfSix_isConnectionErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(SETTINGS, 0, 0, new byte[] {0, 3, 0, 0, 0});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.FRAME_SIZE_ERROR);
      }
    }

    @Test
    void enablePushOtherThanZeroOrOne_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(SETTINGS, 0, 0, new byte[] {0, 2, 0, 0, 0, 2});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void maxFrameSizeBelowTheMinimum_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(SETTINGS, 0, 0, concat(new byte[] {0, 5}, int32(16_383)));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void maxFrameSizeAboveTheMaximum_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(SETTINGS, 0, 0, concat(new byte[] {0, 5}, int32(1 << 24)));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void unknownSetting_isIgnoredAndAcknowledged() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(SETTINGS, 0, 0, concat(new byte[] {(byte) 0xf0, 0x0d}, int32(42)));
        assertThat(h.peer.frames()).containsExactly(new SettingsAck());
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void peerHeaderTableSizeZero_ourHeaderBlocksStopUsingTheDynamicTable() {
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT,
          new Http2Settings().put(Http2Settings.HEADER_TABLE_SIZE, 0))) {
        // The peer's decoder now refuses a block without the size update, or one that indexes.
        h.peer.decoderTableSize(0);
        for (int id = 1; id <= 5; id += 2) {
          h.peer.headers(id, grpcRequest("/pkg.Svc/M"), true);
          h.perform(h.accepted.get(h.accepted.size() - 1).stream(), new StreamOpBatch()
              .sendInitialMetadata(new dev.sluice.Metadata().add("x-same", "value"))
              .sendTrailingMetadata(new dev.sluice.Metadata(), Status.OK));
        }
        // The scripted peer's reader throws on a block its zero-size table cannot decode.
        List<ScriptedPeer.Headers> blocks = h.peer.frames(ScriptedPeer.Headers.class);
        assertThat(blocks).hasSize(6);
        assertThat(blocks).filteredOn(x -> !x.endStream())
            .allMatch(x -> "value".equals(x.get("x-same")));
      }
    }

    @Test
    void peerMaxHeaderListSize_clientCallWithLargerHeaders_failsWithoutSendingThem() {
      try (ClientHarness h = ClientHarness.start(new Http2Settings()
          .put(Http2Settings.MAX_CONCURRENT_STREAMS, 10)
          .put(Http2Settings.MAX_HEADER_LIST_SIZE, 200))) {
        ClientHarness.Call c = new ClientHarness.Call();
        c.stream = h.transport.initStream(
            new dev.sluice.transport.CallHead("/pkg.Svc/M", null, null));
        h.transport.performStreamOp(c.stream, new StreamOpBatch()
            .sendInitialMetadata(new dev.sluice.Metadata().add("x-big", "v".repeat(300)))
            .recvTrailingMetadata((t, s) -> c.status.set(s)));
        h.peer.run();
        assertThat(h.peer.frames()).noneMatch(f -> f instanceof ScriptedPeer.Headers
            || f instanceof ScriptedPeer.Rst);
        assertThat(c.status.get().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      }
    }

    @Test
    void peerMaxHeaderListSize_serverTrailersAndBareStatusBothOverIt_resetsStreamOnce() {
      // Below the call's trailers and below the bare status trailers a server ends a call with
      // when its own do not fit: the status cannot reach the client, a reset can.
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT,
          new Http2Settings().put(Http2Settings.MAX_HEADER_LIST_SIZE, 64))) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        AtomicReference<Status> ended = new AtomicReference<>();
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .recvTrailingMetadata((t, s) -> ended.set(s))
            .sendTrailingMetadata(new Metadata().add("x-big", "v".repeat(300)), Status.OK));
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).noneMatch(f -> f instanceof ScriptedPeer.Headers);
        assertThat(frames).filteredOn(f -> f instanceof ScriptedPeer.Rst)
            .containsExactly(new ScriptedPeer.Rst(1, Http2ErrorCode.ENHANCE_YOUR_CALM));
        assertThat(ended.get().code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertStillAnswers(h.peer);
      }
    }

    @Test
    void clientGetsEnablePushOne_isConnectionErrorProtocolError() {
      try (ClientHarness h = ClientHarness.start()) {
        // A server must not set SETTINGS_ENABLE_PUSH to 1 (RFC 9113 §6.5.2).
        h.peer.rawFrame(SETTINGS, 0, 0, concat(new byte[] {0, 2}, int32(1)));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void clientAdvertisesPushDisabled() {
      try (ClientHarness h = ClientHarness.startWithoutSettings()) {
        ScriptedPeer.Settings ours = (ScriptedPeer.Settings) h.peer.frames().get(0);
        assertThat(ours.settings().get(Http2Settings.ENABLE_PUSH)).isZero();
      }
    }
  }

  @Nested
  class Section6_6_PushPromise {

    @Test
    void serverGetsPushPromise_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(PUSH_PROMISE, END_HEADERS, 1,
            concat(int32(2), block(h.peer, grpcRequest("/pkg.Svc/P"))));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void clientThatDisabledPush_getsPushPromise_isConnectionErrorProtocolError() {
      try (ClientHarness h = ClientHarness.start()) {
        h.unary("x");
        h.peer.frames();
        h.peer.rawFrame(PUSH_PROMISE, END_HEADERS, 1,
            concat(int32(2), block(h.peer, grpcRequest("/pkg.Svc/P"))));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }
  }

  @Nested
  class Section6_7_Ping {

    @Test
    void ping_isAnsweredWithAckCarryingTheSameData() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.ping(0x0123_4567_89ab_cdefL);
        assertThat(h.peer.frames()).containsExactly(new Ping(true, 0x0123_4567_89ab_cdefL));
      }
    }

    @Test
    void pingAck_isNotAnswered() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(PING, ACK, 0, new byte[8]);
        assertThat(h.peer.frames()).isEmpty();
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void pingOnAStream_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(PING, 0, 1, new byte[8]);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void pingOfWrongLength_isConnectionErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(PING, 0, 0, new byte[6]);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.FRAME_SIZE_ERROR);
      }
    }

    @Test
    void clientAnswersTheServersPing() {
      try (ClientHarness h = ClientHarness.start()) {
        h.peer.ping(77);
        assertThat(h.peer.frames()).containsExactly(new Ping(true, 77));
      }
    }
  }

  @Nested
  class Section6_8_GoAway {

    @Test
    void goAwayOnAStream_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(GOAWAY, 0, 1, concat(int32(0), int32(0)));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void connectionError_goAwayNamesTheLastStreamProcessed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(PING, 0, 3, new byte[8]);
        GoAway g = assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
        assertThat(g.lastStreamId()).isEqualTo(3);
      }
    }

    @Test
    void serverGetsGoAway_callsInProgressFinish() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.goAway(1, Http2ErrorCode.NO_ERROR);
        AtomicReference<Message> m = recvFirstMessage(h);
        h.peer.message(1, "still here", true);
        assertThat(new String(m.get().toByteArray(), StandardCharsets.UTF_8))
            .isEqualTo("still here");
        assertThat(h.peer.frames()).noneMatch(f -> f instanceof GoAway);
      }
    }
  }

  @Nested
  class Section6_9_WindowUpdate {

    @Test
    void zeroIncrementOnTheConnection_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawWindowUpdate(0, 0);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void zeroIncrementOnAStream_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawWindowUpdate(1, 0);
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void windowUpdateOfWrongLength_isConnectionErrorFrameSizeError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(WINDOW_UPDATE, 0, 0, new byte[] {0, 0, 1});
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.FRAME_SIZE_ERROR);
      }
    }

    @Test
    void windowUpdateOnIdleStream_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.windowUpdate(1, 100);
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void windowUpdateOnHalfClosedRemoteStream_isAllowed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.peer.frames();
        h.peer.windowUpdate(1, 100);
        assertNoError(h.peer, h.channel);
      }
    }

    @Test
    void windowUpdateOnAStreamThatJustClosed_isIgnored() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .sendTrailingMetadata(new dev.sluice.Metadata(), Status.OK));
        h.peer.frames();
        h.peer.windowUpdate(1, 100);
        assertNoError(h.peer, h.channel);
      }
    }
  }

  @Nested
  class Section6_10_Continuation {

    @Test
    void continuationWithoutHeaders_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.rawFrame(CONTINUATION, END_HEADERS, 1, block(h.peer, grpcRequest("/pkg.Svc/M")));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void continuationAfterEndHeaders_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.rawFrame(CONTINUATION, END_HEADERS, 1,
            block(h.peer, List.of(HeaderField.of("x-late", "v"))));
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void otherFrameInsideAHeaderBlock_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        byte[] b = block(h.peer, grpcRequest("/pkg.Svc/M"));
        h.peer.send(buf -> {
          buf.writeMedium(b.length).writeByte(HEADERS).writeByte(0).writeInt(1).writeBytes(b);
          buf.writeMedium(8).writeByte(PING).writeByte(0).writeInt(0).writeLong(1);
        });
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void continuationOnAnotherStream_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        byte[] b = block(h.peer, grpcRequest("/pkg.Svc/M"));
        int half = b.length / 2;
        h.peer.send(buf -> {
          buf.writeMedium(half).writeByte(HEADERS).writeByte(0).writeInt(1).writeBytes(b, 0, half);
          buf.writeMedium(b.length - half).writeByte(CONTINUATION).writeByte(END_HEADERS)
              .writeInt(3).writeBytes(b, half, b.length - half);
        });
        assertConnectionError(h.peer, h.channel, Http2ErrorCode.PROTOCOL_ERROR);
      }
    }
  }
}
