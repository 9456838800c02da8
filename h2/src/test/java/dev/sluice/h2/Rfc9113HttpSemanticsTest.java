package dev.sluice.h2;

import static dev.sluice.h2.ServerHarness.grpcRequest;
import static dev.sluice.h2.ServerHarness.plainGet;
import static dev.sluice.h2.ServerHarness.plainPost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.h2.ScriptedPeer.Data;
import dev.sluice.h2.ScriptedPeer.GoAway;
import dev.sluice.h2.ScriptedPeer.Headers;
import dev.sluice.h2.ScriptedPeer.Rst;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.StreamOpBatch;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §8.1 (HTTP message framing: HEADERS, DATA, trailers) and §8.1.1 (malformed messages:
 * content-length), as gRPC uses them, played by a scripted peer against both sides.
 */
class Rfc9113HttpSemanticsTest {

  private static List<HeaderField> withContentLength(List<HeaderField> fields, String length) {
    fields.add(HeaderField.of("content-length", length));
    return fields;
  }

  /** The server's status for the first accepted call, once it ends. */
  private static AtomicReference<Status> watchFirstCall(ServerHarness h) {
    AtomicReference<Status> closed = new AtomicReference<>();
    h.perform(h.accepted.get(0).stream(),
        new StreamOpBatch().recvTrailingMetadata((t, s) -> closed.set(s)));
    return closed;
  }

  @Nested
  class Section8_1_HeadersAfterHeaders {

    @Test
    void secondHeadersWithoutEndStream_onPlainRequest_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, plainGet(), false);
        h.peer.frames();
        h.peer.headers(1, plainGet(), false);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void secondHeadersWithoutEndStream_onGrpcRequest_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        AtomicReference<Status> closed = watchFirstCall(h);
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of("x-more", "v")), false);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(closed.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }

    @Test
    void clientGetsSecondHeadersWithoutEndStream_isStreamErrorProtocolError() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of("x-more", "v")), false);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(c.status.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }
  }

  @Nested
  class Section8_1_PseudoHeadersInTrailers {

    @Test
    void requestTrailersWithPseudoHeader_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        AtomicReference<Status> closed = watchFirstCall(h);
        h.peer.message(1, "hi", false);
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of(":path", "/other"), HeaderField.of("x-t", "v")),
            true);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(closed.get().code()).isEqualTo(Status.Code.INTERNAL);
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void responseTrailersWithPseudoHeader_isStreamErrorProtocolError() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of(":status", "200"),
            HeaderField.of("grpc-status", "0")), true);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(c.status.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }

    @Test
    void trailersOnlyResponse_carriesStatusPseudoHeader_andIsFine() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of(":status", "200"),
            HeaderField.of("content-type", "application/grpc"),
            HeaderField.of("grpc-status", "5")), true);
        assertThat(h.peer.frames(Rst.class)).isEmpty();
        assertThat(c.status.get().code()).isEqualTo(Status.Code.NOT_FOUND);
      }
    }
  }

  @Nested
  class Section8_1_1_ContentLength {

    @Test
    void grpcRequest_oneDataFrameShorterThanContentLength_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, withContentLength(grpcRequest("/pkg.Svc/M"), "10"), false);
        AtomicReference<Status> closed = watchFirstCall(h);
        h.peer.frames();
        h.peer.message(1, "", true); // 5 bytes
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(closed.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }

    @Test
    void grpcRequest_severalDataFramesPastContentLength_isStreamErrorAtTheFrameThatPassesIt() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, withContentLength(grpcRequest("/pkg.Svc/M"), "6"), false);
        h.peer.frames();
        h.peer.data(1, new byte[4], false);
        assertThat(h.peer.frames(Rst.class)).isEmpty();
        h.peer.data(1, new byte[4], false);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
      }
    }

    @Test
    void grpcRequest_trailersEndItBeforeContentLengthIsReached_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, withContentLength(grpcRequest("/pkg.Svc/M"), "10"), false);
        h.peer.message(1, "", false);
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of("x-t", "v")), true);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
      }
    }

    @Test
    void grpcRequest_dataMatchingContentLength_isAccepted() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, withContentLength(grpcRequest("/pkg.Svc/M"), "7"), false);
        h.peer.message(1, "hi", true);
        assertThat(h.peer.frames(Rst.class)).isEmpty();
        assertThat(h.accepted).hasSize(1);
      }
    }

    @Test
    void plainRequest_dataLongerThanContentLength_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, plainPost(1), false);
        h.peer.frames();
        h.peer.data(1, "test".getBytes(java.nio.charset.StandardCharsets.US_ASCII), true);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(h.channel.isOpen()).isTrue();
      }
    }

    @Test
    void plainRequest_contentSpreadOverSeveralFrames_endsCleanly() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, plainPost(8), false);
        List<ScriptedPeer.Frame> answer = h.peer.frames();
        assertThat(answer).filteredOn(f -> f instanceof Headers).extracting(f -> (Headers) f)
            .singleElement().matches(x -> "415".equals(x.get(":status")));
        h.peer.data(1, new byte[4], false);
        h.peer.data(1, new byte[4], true);
        assertThat(h.peer.frames()).noneMatch(f -> f instanceof Rst || f instanceof GoAway);
      }
    }

    @Test
    void headersEndingTheRequest_withPositiveContentLength_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, withContentLength(grpcRequest("/pkg.Svc/M"), "5"), true);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(h.accepted).isEmpty();
      }
    }

    @Test
    void contentLengthThatIsNotANumber_isStreamErrorProtocolError() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, withContentLength(grpcRequest("/pkg.Svc/M"), "12a"), false);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(h.accepted).isEmpty();
      }
    }

    @Test
    void responseDataLongerThanItsContentLength_isStreamErrorProtocolError() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.headers(1, List.of(HeaderField.of(":status", "200"),
            HeaderField.of("content-type", "application/grpc"),
            HeaderField.of("content-length", "3")), false);
        h.peer.frames();
        h.peer.message(1, "pong", false);
        assertThat(h.peer.frames(Rst.class))
            .containsExactly(new Rst(1, Http2ErrorCode.PROTOCOL_ERROR));
        assertThat(c.status.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }
  }

  @Test
  void plainAnswer_isHeadersThenTextEndingTheStream() {
    try (ServerHarness h = ServerHarness.start()) {
      h.peer.headers(1, plainGet(), true);
      List<ScriptedPeer.Frame> frames = h.peer.frames();
      Headers head = (Headers) frames.get(0);
      assertThat(head.get(":status")).isEqualTo("405");
      assertThat(head.get("content-type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(head.endStream()).isFalse();
      assertThat(frames).filteredOn(f -> f instanceof Data).extracting(f -> (Data) f)
          .singleElement().matches(Data::endStream);
      assertThat(h.accepted).isEmpty();
    }
  }
}
