package dev.sluice.h2;

import static dev.sluice.h2.ServerHarness.grpcRequest;
import static dev.sluice.h2.ServerHarness.plainGet;
import static dev.sluice.h2.ServerHarness.plainPost;
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
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §5.1 (stream states), §5.1.1 (stream identifiers) and §5.1.2 (stream concurrency),
 * played by a scripted peer against both sides of the connection.
 */
class Rfc9113StreamStatesTest {

  /** A frame sent about a stream or the connection's end (not a PING or a window update). */
  static boolean answersTheStream(ScriptedPeer.Frame f) {
    return f instanceof Rst || f instanceof GoAway || f instanceof Headers || f instanceof Data;
  }

  /** Ends stream {@code id} on the server with status OK and no message. */
  private static void answerOk(ServerHarness h, int index) {
    h.perform(h.accepted.get(index).stream(),
        new StreamOpBatch().sendTrailingMetadata(new Metadata(), Status.OK));
  }

  @Nested
  class Section5_1_Server {

    @Test
    void headersOnStreamTheClientEnded_isConnectionErrorStreamClosed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, plainGet(), true);
        assertThat(h.peer.frames(Data.class)).last().matches(Data::endStream);
        h.peer.headers(1, plainGet(), true);
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).noneMatch(f -> f instanceof Rst);
        assertThat(frames).filteredOn(f -> f instanceof GoAway)
            .containsExactly(new GoAway(1, Http2ErrorCode.STREAM_CLOSED,
                "HEADERS on stream 1, which the client already ended (RFC 9113 §5.1)"));
        assertThat(h.channel.isOpen()).isFalse();
      }
    }

    @Test
    void headersOnGrpcStreamTheClientEnded_isConnectionErrorStreamClosed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        answerOk(h, 0);
        assertThat(h.peer.frames(Headers.class)).last().matches(Headers::endStream);
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.STREAM_CLOSED);
      }
    }

    @Test
    void dataOnStreamTheClientEnded_isConnectionErrorStreamClosed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        answerOk(h, 0);
        h.peer.frames();
        h.peer.message(1, "late", false);
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.STREAM_CLOSED);
      }
    }

    @Test
    void headersOnStreamWeReset_areIgnored() {
      try (ServerHarness h = ServerHarness.start()) {
        // The server answers before the client half-closed: trailers, then RST_STREAM(NO_ERROR).
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        answerOk(h, 0);
        assertThat(h.peer.frames(Rst.class)).containsExactly(new Rst(1, Http2ErrorCode.NO_ERROR));
        // The client's trailers crossed our reset on the wire: they are dropped (RFC 9113 §5.1).
        h.peer.headers(1, List.of(dev.sluice.h2.hpack.HeaderField.of("x-t", "v")), true);
        h.peer.message(1, "crossed", true);
        assertThat(h.peer.frames()).noneMatch(Rfc9113StreamStatesTest::answersTheStream);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), true);
        assertThat(h.accepted).hasSize(2);
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void dataOnRefusedStream_isIgnored() {
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT.withMaxConcurrentStreams(1),
          new Http2Settings())) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), false);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(3, Http2ErrorCode.REFUSED_STREAM));
        h.peer.message(3, "sent before the refusal arrived", true);
        assertThat(h.peer.frames()).noneMatch(Rfc9113StreamStatesTest::answersTheStream);
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void headersOnStreamTheClientReset_isStreamErrorStreamClosed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        h.peer.rst(1, Http2ErrorCode.CANCEL);
        h.peer.frames();
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        assertThat(h.peer.frames()).containsExactly(new Rst(1, Http2ErrorCode.STREAM_CLOSED));
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void headersOnHalfClosedRemoteStream_isStreamErrorStreamClosed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), true);
        h.peer.frames();
        h.peer.headers(1, List.of(dev.sluice.h2.hpack.HeaderField.of("x-t", "v")), true);
        assertThat(h.peer.frames()).containsExactly(new Rst(1, Http2ErrorCode.STREAM_CLOSED));
        assertThat(h.channel.isOpen()).isTrue();
      }
    }
  }

  @Nested
  class Section5_1_Client {

    @Test
    void headersOnStreamTheServerEnded_isConnectionErrorStreamClosed() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.headers(1, ClientHarness.okTrailers(), true);
        assertThat(c.status.get()).isEqualTo(Status.OK);
        h.peer.frames();
        h.peer.headers(1, ClientHarness.okTrailers(), true);
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.STREAM_CLOSED);
      }
    }

    /** A unary call on stream 1 that the server has ended with headers and trailers. */
    private ClientHarness.Call endedCall(ClientHarness h) {
      ClientHarness.Call c = h.unary("x");
      h.peer.headers(1, ClientHarness.responseHeaders(), false);
      h.peer.headers(1, ClientHarness.okTrailers(), true);
      assertThat(c.status.get()).isEqualTo(Status.OK);
      h.peer.frames();
      return c;
    }

    @Test
    void dataOnStreamTheServerEnded_isConnectionErrorStreamClosed() {
      try (ClientHarness h = ClientHarness.start()) {
        endedCall(h);
        h.peer.message(1, "late", false);
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.STREAM_CLOSED);
        assertThat(h.channel.isOpen()).isFalse();
      }
    }

    @Test
    void rstStreamAndWindowUpdateOnStreamTheServerEnded_areIgnored() {
      try (ClientHarness h = ClientHarness.start()) {
        endedCall(h);
        h.peer.windowUpdate(1, 100);
        h.peer.rst(1, Http2ErrorCode.NO_ERROR);
        assertThat(h.peer.frames()).noneMatch(Rfc9113StreamStatesTest::answersTheStream);
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void dataOnStreamTheServerReset_isStreamErrorStreamClosed() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.rst(1, Http2ErrorCode.INTERNAL_ERROR);
        assertThat(c.status.get().code()).isEqualTo(Status.Code.INTERNAL);
        h.peer.frames();
        h.peer.message(1, "after the reset", false);
        assertThat(h.peer.frames()).filteredOn(Rfc9113StreamStatesTest::answersTheStream)
            .containsExactly(new Rst(1, Http2ErrorCode.STREAM_CLOSED));
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void headersOnStreamWeCancelled_areIgnored() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.transport.performStreamOp(c.stream, StreamOpBatch.cancel(Status.CANCELLED, null));
        h.peer.run();
        assertThat(h.peer.frames(Rst.class)).containsExactly(new Rst(1, Http2ErrorCode.CANCEL));
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.message(1, "in flight", false);
        h.peer.headers(1, ClientHarness.okTrailers(), true);
        assertThat(h.peer.frames()).noneMatch(Rfc9113StreamStatesTest::answersTheStream);
        assertThat(h.channel.isOpen()).isTrue();
      }
    }
  }

  @Nested
  class Section5_1_1 {

    @Test
    void serverGetsStreamIdBelowOneUsed_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(5, grpcRequest("/pkg.Svc/M"), false);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), false);
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).noneMatch(f -> f instanceof Rst);
        assertThat(frames).filteredOn(f -> f instanceof GoAway).extracting(f -> (GoAway) f)
            .extracting(GoAway::lastStreamId, GoAway::code)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(5, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(h.accepted).hasSize(1);
      }
    }

    @Test
    void serverGetsEvenStreamId_isConnectionErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(2, grpcRequest("/pkg.Svc/M"), false);
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.PROTOCOL_ERROR);
      }
    }

    @Test
    void clientStreamIds_areOddAndIncreasing() {
      try (ClientHarness h = ClientHarness.start()) {
        h.unary("a");
        h.unary("b");
        h.unary("c");
        assertThat(h.peer.frames(Headers.class)).extracting(Headers::streamId)
            .containsExactly(1, 3, 5);
      }
    }

    @Test
    void clientGetsHeadersOnStreamItNeverOpened_isConnectionErrorProtocolError() {
      try (ClientHarness h = ClientHarness.start()) {
        h.unary("x");
        h.peer.frames();
        h.peer.headers(3, ClientHarness.responseHeaders(), false);
        assertThat(h.peer.frames(GoAway.class)).extracting(GoAway::code)
            .containsExactly(Http2ErrorCode.PROTOCOL_ERROR);
      }
    }
  }

  @Nested
  class Section5_1_2 {

    /** A client that opens no window: answers cannot finish, so their streams stay open. */
    private ServerHarness serverWithClosedWindows(int maxStreams) {
      return ServerHarness.start(H2Config.DEFAULT.withMaxConcurrentStreams(maxStreams),
          new Http2Settings().put(Http2Settings.INITIAL_WINDOW_SIZE, 0));
    }

    @Test
    void plainAnswersHeldByFlowControl_stillCount_extraStreamRefused() {
      try (ServerHarness h = serverWithClosedWindows(3)) {
        for (int id = 1; id <= 7; id += 2) {
          h.peer.headers(id, plainGet(), true);
        }
        List<ScriptedPeer.Frame> frames = h.peer.frames();
        assertThat(frames).filteredOn(f -> f instanceof Headers).extracting(f -> (Headers) f)
            .extracting(Headers::streamId).containsExactly(1, 3, 5);
        assertThat(frames).filteredOn(f -> f instanceof Rst)
            .containsExactly(new Rst(7, Http2ErrorCode.REFUSED_STREAM));
        assertThat(frames).noneMatch(f -> f instanceof Data);
      }
    }

    @Test
    void grpcAnswersHeldByFlowControl_stillCount_extraStreamRefused() {
      try (ServerHarness h = serverWithClosedWindows(2)) {
        for (int id = 1; id <= 3; id += 2) {
          h.peer.headers(id, grpcRequest("/pkg.Svc/M"), true);
        }
        for (int i = 0; i < 2; i++) {
          h.perform(h.accepted.get(i).stream(), new StreamOpBatch()
              .sendInitialMetadata(new Metadata())
              .sendMessage(Message.ofBytes(new byte[10]), 0)
              .sendTrailingMetadata(new Metadata(), Status.OK));
        }
        h.peer.frames();
        h.peer.headers(5, grpcRequest("/pkg.Svc/M"), true);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(5, Http2ErrorCode.REFUSED_STREAM));
        assertThat(h.accepted).hasSize(2);
      }
    }

    @Test
    void streamWeEndedButTheClientHasNot_stillCounts_untilTheClientEndsIt() {
      try (ServerHarness h = ServerHarness.start(H2Config.DEFAULT.withMaxConcurrentStreams(1),
          new Http2Settings())) {
        h.peer.headers(1, plainPost(4), false);
        assertThat(h.peer.frames(Data.class)).last().matches(Data::endStream);
        h.peer.headers(3, grpcRequest("/pkg.Svc/M"), true);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(3, Http2ErrorCode.REFUSED_STREAM));
        h.peer.data(1, new byte[4], true);
        h.peer.headers(5, grpcRequest("/pkg.Svc/M"), true);
        assertThat(h.peer.frames(Rst.class)).isEmpty();
        assertThat(h.accepted).hasSize(1);
      }
    }

    @Test
    void serverLowersItsLimit_clientHoldsNewStreamsUntilEnoughEnd() {
      try (ClientHarness h = ClientHarness.start()) {
        h.unary("a");
        h.unary("b");
        h.peer.frames();
        h.peer.settings(new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 1));
        h.unary("c");
        assertThat(h.peer.frames(Headers.class)).isEmpty();
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.headers(1, ClientHarness.okTrailers(), true);
        assertThat(h.peer.frames(Headers.class)).as("stream 3 still open").isEmpty();
        h.peer.headers(3, ClientHarness.responseHeaders(), false);
        h.peer.headers(3, ClientHarness.okTrailers(), true);
        assertThat(h.peer.frames(Headers.class)).extracting(Headers::streamId)
            .containsExactly(5);
      }
    }

    @Test
    void clientsHalfClosedStream_stillCountsAgainstTheServersLimit() {
      try (ClientHarness h = ClientHarness.start(
          new Http2Settings().put(Http2Settings.MAX_CONCURRENT_STREAMS, 1))) {
        ClientHarness.Call first = h.unary("a");
        assertThat(first.sent.get()).as("half-closed").isEqualTo(Status.OK);
        h.unary("b");
        assertThat(h.peer.frames(Headers.class)).extracting(Headers::streamId)
            .containsExactly(1);
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.headers(1, ClientHarness.okTrailers(), true);
        assertThat(h.peer.frames(Headers.class)).extracting(Headers::streamId)
            .containsExactly(3);
      }
    }
  }
}
