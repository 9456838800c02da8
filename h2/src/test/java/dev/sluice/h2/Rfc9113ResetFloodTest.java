package dev.sluice.h2;

import static dev.sluice.h2.ServerHarness.grpcRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Rst;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.transport.StreamOpBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Reset floods (RFC 9113 §10.5): Rapid Reset (CVE-2023-44487), where a
 * client opens streams and resets them itself, and MadeYouReset (CVE-2025-8671), where it sends
 * on each stream a frame that is valid for the connection but a stream error, so that the
 * server resets the stream and the client's own reset count never moves. Resets the peer makes
 * us send are counted with the ones it sends, by the same bucket; CANCEL and NO_ERROR, which we
 * choose, are not. Past the budget the connection ends with GOAWAY ENHANCE_YOUR_CALM.
 */
class Rfc9113ResetFloodTest {

  /** A budget of 10 resets that does not refill, so the count cannot depend on time. */
  private static final H2Config SMALL_BUDGET = H2Config.DEFAULT.withResetRate(10, 0);

  /** Runs {@code attack} on streams 1, 3, 5, … until the server closes the connection. */
  private static List<ScriptedPeer.Frame> play(ServerHarness h, IntConsumer attack) {
    List<ScriptedPeer.Frame> frames = new ArrayList<>();
    for (int id = 1; id < 200 && h.channel.isOpen(); id += 2) {
      attack.accept(id);
      frames.addAll(h.peer.frames());
    }
    return frames;
  }

  private static void assertCutOffAfterBudget(ServerHarness h, List<ScriptedPeer.Frame> frames,
      Http2ErrorCode induced) {
    assertThat(frames).filteredOn(f -> f instanceof GoAway).extracting(f -> (GoAway) f)
        .extracting(GoAway::code).containsExactly(Http2ErrorCode.ENHANCE_YOUR_CALM);
    assertThat(frames).filteredOn(f -> f instanceof Rst).extracting(f -> (Rst) f)
        .allMatch(r -> r.code() == induced)
        .hasSize(10);
    assertThat(h.channel.isOpen()).isFalse();
  }

  @Test
  void windowUpdateWithIncrementZero_onEveryStream_endsWithEnhanceYourCalm() {
    try (ServerHarness h = ServerHarness.start(SMALL_BUDGET, new Http2Settings())) {
      List<ScriptedPeer.Frame> frames = play(h, id -> h.peer
          .headers(id, grpcRequest("/pkg.Svc/M"), false)
          .rawWindowUpdate(id, 0));
      assertCutOffAfterBudget(h, frames, Http2ErrorCode.PROTOCOL_ERROR);
    }
  }

  @Test
  void windowUpdatePast2To31Minus1_onEveryStream_endsWithEnhanceYourCalm() {
    try (ServerHarness h = ServerHarness.start(SMALL_BUDGET, new Http2Settings())) {
      List<ScriptedPeer.Frame> frames = play(h, id -> h.peer
          .headers(id, grpcRequest("/pkg.Svc/M"), false)
          .windowUpdate(id, Integer.MAX_VALUE));
      assertCutOffAfterBudget(h, frames, Http2ErrorCode.FLOW_CONTROL_ERROR);
    }
  }

  @Test
  void streamsBeyondOurConcurrencyLimit_refusedOverAndOver_endWithEnhanceYourCalm() {
    try (ServerHarness h = ServerHarness.start(SMALL_BUDGET.withMaxConcurrentStreams(1),
        new Http2Settings())) {
      h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
      h.peer.frames();
      List<ScriptedPeer.Frame> frames = new ArrayList<>();
      for (int id = 3; id < 200 && h.channel.isOpen(); id += 2) {
        h.peer.headers(id, grpcRequest("/pkg.Svc/M"), true);
        frames.addAll(h.peer.frames());
      }
      assertCutOffAfterBudget(h, frames, Http2ErrorCode.REFUSED_STREAM);
    }
  }

  @Test
  void rapidReset_resetsTheClientSends_endWithEnhanceYourCalm() {
    try (ServerHarness h = ServerHarness.start(SMALL_BUDGET, new Http2Settings())) {
      List<ScriptedPeer.Frame> frames = play(h, id -> h.peer
          .headers(id, grpcRequest("/pkg.Svc/M"), false)
          .rst(id, Http2ErrorCode.CANCEL));
      assertThat(frames).filteredOn(f -> f instanceof GoAway).extracting(f -> (GoAway) f)
          .extracting(GoAway::code).containsExactly(Http2ErrorCode.ENHANCE_YOUR_CALM);
      assertThat(h.accepted).hasSize(11);
      assertThat(h.channel.isOpen()).isFalse();
    }
  }

  @Test
  void resetsSentAndResetsInduced_drawOnOneBudget() {
    try (ServerHarness h = ServerHarness.start(SMALL_BUDGET, new Http2Settings())) {
      // Five of each fit in the budget of ten; the eleventh reset of either kind does not.
      List<ScriptedPeer.Frame> frames = play(h, id -> {
        h.peer.headers(id, grpcRequest("/pkg.Svc/M"), false);
        if (id % 4 == 1) {
          h.peer.rst(id, Http2ErrorCode.CANCEL);
        } else {
          h.peer.rawWindowUpdate(id, 0);
        }
      });
      assertThat(frames).filteredOn(f -> f instanceof Rst).hasSize(5);
      assertThat(frames).filteredOn(f -> f instanceof GoAway).extracting(f -> (GoAway) f)
          .extracting(GoAway::code).containsExactly(Http2ErrorCode.ENHANCE_YOUR_CALM);
      assertThat(h.accepted).hasSize(11);
    }
  }

  @Test
  void resetsWeChoose_noErrorAfterAnEarlyAnswer_areNotCounted() {
    try (ServerHarness h = ServerHarness.start(SMALL_BUDGET, new Http2Settings())) {
      for (int i = 0; i < 30; i++) {
        int id = 1 + 2 * i;
        h.peer.headers(id, grpcRequest("/pkg.Svc/M"), false);
        h.perform(h.accepted.get(i).stream(),
            new StreamOpBatch().sendTrailingMetadata(new Metadata(), Status.OK));
        assertThat(h.peer.frames(Rst.class)).containsExactly(new Rst(id, Http2ErrorCode.NO_ERROR));
      }
      assertThat(h.channel.isOpen()).isTrue();
    }
  }

  @Test
  void resetsWeChoose_cancelByTheApplication_areNotCounted() {
    try (ServerHarness h = ServerHarness.start(SMALL_BUDGET, new Http2Settings())) {
      for (int i = 0; i < 30; i++) {
        int id = 1 + 2 * i;
        h.peer.headers(id, grpcRequest("/pkg.Svc/M"), false);
        h.perform(h.accepted.get(i).stream(), StreamOpBatch.cancel(Status.CANCELLED, null));
        assertThat(h.peer.frames(Rst.class)).containsExactly(new Rst(id, Http2ErrorCode.CANCEL));
      }
      assertThat(h.channel.isOpen()).isTrue();
    }
  }
}
