package dev.sluice.h2;

import static dev.sluice.h2.ServerHarness.grpcRequest;
import static dev.sluice.h2.ServerHarness.plainGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.Data;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Headers;
import dev.sluice.h2.ScriptedPeer.Rst;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.transport.Message;
import dev.sluice.transport.StreamOpBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §6.5.3 (settings synchronization), §6.9.1 (the flow-control window) and §6.9.2
 * (initial window size), played by a scripted peer. Every DATA frame we send must fit the
 * peer's stream and connection windows, the plain-text answer to a request that is not gRPC
 * included.
 */
class Rfc9113FlowControlTest {

  /** The 405 answer's body, as RequestHeaders words it. */
  private static final int ANSWER_405 = ("This port speaks gRPC over HTTP/2: use POST with "
      + "content-type application/grpc, not GET.\n").getBytes(StandardCharsets.UTF_8).length;

  private static ServerHarness serverWithWindow(int initialWindow) {
    return ServerHarness.start(H2Config.DEFAULT,
        new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, initialWindow));
  }

  private static int bytes(List<Data> frames) {
    return frames.stream().mapToInt(d -> d.bytes().length).sum();
  }

  @Nested
  class Section6_9_1 {

    @Test
    void plainAnswer_oneByteWindow_oneByteAtATime_resumesOnWindowUpdate() {
      try (ServerHarness h = serverWithWindow(1)) {
        h.peer.headers(1, plainGet(), true);
        List<ScriptedPeer.Frame> first = h.peer.frames();
        assertThat(first).filteredOn(f -> f instanceof Headers).hasSize(1);
        assertThat(first).filteredOn(f -> f instanceof Data).extracting(f -> (Data) f)
            .singleElement().matches(d -> d.bytes().length == 1 && d.bytes()[0] == 'T'
                && !d.endStream());
        h.peer.windowUpdate(1, 1);
        List<Data> second = h.peer.frames(Data.class);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).bytes()).hasSize(1);
        h.peer.windowUpdate(1, 10_000);
        List<Data> rest = h.peer.frames(Data.class);
        assertThat(bytes(rest)).isEqualTo(ANSWER_405 - 2);
        assertThat(rest).last().matches(Data::endStream);
      }
    }

    @Test
    void plainAnswer_connectionWindowOfOneByte_isHonoured() {
      try (ServerHarness h = serverWithWindow(1 << 20)) {
        // A gRPC answer of 65,534 bytes of DATA leaves one byte of the connection window.
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .sendInitialMetadata(new Metadata())
            .sendMessage(Message.ofBytes(new byte[65_535 - 1 - 5]), 0));
        assertThat(bytes(h.peer.frames(Data.class))).isEqualTo(65_534);
        h.peer.headers(3, plainGet(), true);
        List<Data> first = h.peer.frames(Data.class);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).bytes()).hasSize(1);
        h.peer.windowUpdate(0, 1_000);
        List<Data> rest = h.peer.frames(Data.class);
        assertThat(bytes(rest)).isEqualTo(ANSWER_405 - 1);
        assertThat(rest).last().matches(d -> d.streamId() == 3 && d.endStream());
      }
    }

    @Test
    void grpcMessage_oneByteWindow_oneByteFrames() {
      try (ServerHarness h = serverWithWindow(1)) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .sendInitialMetadata(new Metadata())
            .sendMessage(Message.ofBytes(new byte[3]), 0)
            .sendTrailingMetadata(new Metadata(), Status.OK));
        assertThat(h.peer.frames(Data.class)).extracting(d -> d.bytes().length)
            .containsExactly(1);
        for (int i = 0; i < 6; i++) {
          h.peer.windowUpdate(1, 1);
          assertThat(h.peer.frames(Data.class)).extracting(d -> d.bytes().length)
              .containsExactly(1);
        }
        h.peer.windowUpdate(1, 1);
        List<ScriptedPeer.Frame> last = h.peer.frames();
        assertThat(last).filteredOn(f -> f instanceof Data).extracting(f -> (Data) f)
            .extracting(d -> d.bytes().length).containsExactly(1);
        assertThat(last).filteredOn(f -> f instanceof Headers).extracting(f -> (Headers) f)
            .singleElement().matches(Headers::endStream);
      }
    }

    @Test
    void streamWindowUpdatePast2To31Minus1_isRstFlowControlErrorOnThatStream() {
      try (ServerHarness h = serverWithWindow(0)) {
        h.peer.headers(1, plainGet(), true);
        h.peer.frames();
        // Both in one read, as a tester writes them: the second takes the window past 2^31-1.
        h.peer.send(b -> {
          h.peer.writer().windowUpdate(b, 1, Integer.MAX_VALUE);
          h.peer.writer().windowUpdate(b, 1, Integer.MAX_VALUE);
        });
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).filteredOn(f -> f instanceof Rst)
            .containsExactly(new Rst(1, Http2ErrorCode.FLOW_CONTROL_ERROR));
        assertThat(frames).noneMatch(f -> f instanceof GoAway || f instanceof Data);
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void grpcStreamWindowUpdatePast2To31Minus1_isRstFlowControlError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.frames();
        h.peer.windowUpdate(1, Integer.MAX_VALUE);
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).filteredOn(f -> f instanceof Rst)
            .containsExactly(new Rst(1, Http2ErrorCode.FLOW_CONTROL_ERROR));
        assertThat(frames).noneMatch(f -> f instanceof GoAway);
      }
    }

    @Test
    void connectionWindowUpdatePast2To31Minus1_isGoawayFlowControlError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.windowUpdate(0, Integer.MAX_VALUE);
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.FLOW_CONTROL_ERROR);
      }
    }

    @Test
    void clientMessage_oneByteWindow_oneByteFrames_resumesOnWindowUpdate() {
      try (ClientHarness h = ClientHarness.start(new Http2Settings()
          .put(Http2Settings.MAX_CONCURRENT_STREAMS, 10)
          .put(Http2Settings.INITIAL_WINDOW_SIZE, 1))) {
        ClientHarness.Call c = h.unary("ab");
        assertThat(h.peer.frames(Data.class)).extracting(d -> d.bytes().length)
            .containsExactly(1);
        assertThat(c.sent.get()).as("the send waits for credit").isNull();
        h.peer.windowUpdate(1, 100);
        List<Data> rest = h.peer.frames(Data.class);
        assertThat(bytes(rest)).isEqualTo(5 + 2 - 1);
        assertThat(rest).last().matches(Data::endStream);
        assertThat(c.sent.get()).isEqualTo(Status.OK);
      }
    }
  }

  @Nested
  class Section6_9_ConnectionWindow {

    @Test
    void initialWindowSize_changesStreamWindowsOnly_notTheConnectionWindow() {
      try (ServerHarness h = serverWithWindow(1 << 20)) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.perform(h.accepted.get(0).stream(), new StreamOpBatch()
            .sendInitialMetadata(new Metadata())
            .sendMessage(Message.ofBytes(new byte[100_000]), 0));
        // The connection window stays at its initial 65,535 (RFC 9113 §6.9.2).
        assertThat(bytes(h.peer.frames(Data.class))).isEqualTo(65_535);
        h.peer.windowUpdate(0, 100_000);
        assertThat(bytes(h.peer.frames(Data.class))).isEqualTo(100_005 - 65_535);
      }
    }

    @Test
    void streamsShareTheConnectionWindow_andResumeInTurnOnWindowUpdate() {
      try (ServerHarness h = serverWithWindow(1 << 20)) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), true);
        for (int i = 0; i < 2; i++) {
          h.perform(h.accepted.get(i).stream(), new StreamOpBatch()
              .sendInitialMetadata(new Metadata())
              .sendMessage(Message.ofBytes(new byte[40_000 - 5]), 0));
        }
        assertThat(bytes(h.peer.frames(Data.class))).isEqualTo(65_535);
        h.peer.windowUpdate(0, 1);
        assertThat(bytes(h.peer.frames(Data.class))).isEqualTo(1);
        h.peer.windowUpdate(0, 100_000);
        List<Data> rest = h.peer.frames(Data.class);
        assertThat(bytes(rest)).isEqualTo(80_000 - 65_536);
        assertThat(rest).extracting(Data::streamId).containsOnly(3);
      }
    }

    @Test
    void clientMessage_waitsForTheConnectionWindow() {
      try (ClientHarness h = ClientHarness.start(new Http2Settings()
          .put(Http2Settings.MAX_CONCURRENT_STREAMS, 10)
          .put(Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20))) {
        ClientHarness.Call c = h.unary("x".repeat(70_000));
        assertThat(bytes(h.peer.frames(Data.class))).isEqualTo(65_535);
        assertThat(c.sent.get()).isNull();
        h.peer.windowUpdate(0, 10_000);
        List<Data> rest = h.peer.frames(Data.class);
        assertThat(bytes(rest)).isEqualTo(70_005 - 65_535);
        assertThat(rest).last().matches(Data::endStream);
        assertThat(c.sent.get()).isEqualTo(Status.OK);
      }
    }
  }

  @Nested
  class Section6_9_2 {

    @Test
    void initialWindowRaisedAfterHeaders_answerFollowsIt() {
      try (ServerHarness h = serverWithWindow(0)) {
        h.peer.headers(1, plainGet(), true);
        List<ScriptedPeer.Frame> first = h.peer.frames();
        assertThat(first).filteredOn(f -> f instanceof Headers).hasSize(1);
        assertThat(first).noneMatch(f -> f instanceof Data);
        h.peer.settings(new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 1));
        assertThat(h.peer.frames(Data.class)).extracting(d -> d.bytes().length)
            .containsExactly(1);
      }
    }

    @Test
    void initialWindowLowered_windowGoesNegative_andIsTracked() {
      try (ServerHarness h = serverWithWindow(3)) {
        h.peer.headers(1, plainGet(), true);
        assertThat(bytes(h.peer.frames(Data.class))).isEqualTo(3);
        // 2 - 3 sent = -1: nothing may go out until the window is positive again.
        h.peer.settings(new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 2));
        assertThat(h.peer.frames(Data.class)).isEmpty();
        h.peer.windowUpdate(1, 1);
        assertThat(h.peer.frames(Data.class)).isEmpty();
        h.peer.windowUpdate(1, 1);
        assertThat(h.peer.frames(Data.class)).extracting(d -> d.bytes().length)
            .containsExactly(1);
      }
    }

    @Test
    void initialWindowPast2To31Minus1_isConnectionErrorFlowControlError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.send(b -> b.writeMedium(6).writeByte(0x4).writeByte(0).writeInt(0)
            .writeShort(Http2Settings.INITIAL_WINDOW_SIZE).writeInt(0x8000_0000));
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.FLOW_CONTROL_ERROR);
      }
    }

    @Test
    void initialWindowChangePushingAnOpenWindowPast2To31Minus1_isConnectionError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.windowUpdate(1, Integer.MAX_VALUE - 65_535);
        h.peer.frames();
        h.peer.settings(new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 65_536));
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.FLOW_CONTROL_ERROR);
      }
    }
  }

  @Nested
  class Section6_5_3 {

    @Test
    void valuesOfOneSettingsFrame_areAppliedInOrder_lastWins() {
      try (ServerHarness h = serverWithWindow(0)) {
        h.peer.headers(1, plainGet(), true);
        h.peer.frames();
        // One SETTINGS frame: INITIAL_WINDOW_SIZE 100, then 2.
        h.peer.send(b -> b.writeMedium(12).writeByte(0x4).writeByte(0).writeInt(0)
            .writeShort(Http2Settings.INITIAL_WINDOW_SIZE).writeInt(100)
            .writeShort(Http2Settings.INITIAL_WINDOW_SIZE).writeInt(2));
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).filteredOn(f -> f instanceof Data).extracting(f -> (Data) f)
            .extracting(d -> d.bytes().length).containsExactly(2);
        assertThat(frames).contains(new ScriptedPeer.SettingsAck());
      }
    }

    @Test
    void settingsChangesAndWindowUpdatesInOneRead_areAllAppliedBeforeDataGoesOut() {
      try (ServerHarness h = serverWithWindow(0)) {
        h.peer.headers(1, plainGet(), true);
        h.peer.frames();
        h.peer.send(b -> {
          h.peer.writer().settings(b,
              new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 5));
          h.peer.writer().windowUpdate(b, 1, 3);
          h.peer.writer().settings(b,
              new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 1));
        });
        // 0 → 5 → 8 → 4: one DATA frame of 4 bytes.
        assertThat(h.peer.frames(Data.class)).extracting(d -> d.bytes().length)
            .containsExactly(4);
      }
    }
  }
}
