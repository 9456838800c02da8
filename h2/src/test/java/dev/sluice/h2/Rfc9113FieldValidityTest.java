package dev.sluice.h2;

import static dev.sluice.h2.ServerHarness.grpcRequest;
import static dev.sluice.h2.WireAsserts.assertNoError;
import static dev.sluice.h2.WireAsserts.assertStreamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.h2.frame.Http2ErrorCode;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.StreamOpBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9113 §8.2 (field validity, connection-specific fields) and §8.3 (pseudo-header fields of
 * requests and responses): a malformed message is a stream error PROTOCOL_ERROR (§8.1.1), on
 * the server for requests and their trailers, on the client for responses and theirs.
 */
class Rfc9113FieldValidityTest {

  private static List<HeaderField> with(List<HeaderField> fields, String name, String value) {
    List<HeaderField> out = new ArrayList<>(fields);
    out.add(HeaderField.of(name, value));
    return out;
  }

  private static List<HeaderField> without(List<HeaderField> fields, String name) {
    List<HeaderField> out = new ArrayList<>(fields);
    out.removeIf(f -> f.name().equals(name));
    return out;
  }

  /** Sends {@code request} on stream 1: it must be refused as malformed, and no call made. */
  private static void assertMalformedRequest(List<HeaderField> request) {
    try (ServerHarness h = ServerHarness.start()) {
      h.peer.headers(1, request, true);
      assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.PROTOCOL_ERROR);
      assertThat(h.accepted).isEmpty();
      h.peer.headers(3, grpcRequest("/pkg.Svc/M"), true);
      assertThat(h.accepted).as("the connection serves the next request").hasSize(1);
    }
  }

  @Nested
  class Section8_2_RequestFields {

    @Test
    void upperCaseFieldName_isMalformed() {
      assertMalformedRequest(with(grpcRequest("/pkg.Svc/M"), "X-Upper", "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"connection", "keep-alive", "proxy-connection", "transfer-encoding",
        "upgrade"})
    void connectionSpecificField_isMalformed(String name) {
      assertMalformedRequest(with(grpcRequest("/pkg.Svc/M"), name, "x"));
    }

    @Test
    void teOtherThanTrailers_isMalformed() {
      assertMalformedRequest(with(without(grpcRequest("/pkg.Svc/M"), "te"), "te", "gzip"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nb", "a\nb", "a\u0000b"})
    void valueWithCrLfOrNul_isMalformed(String value) {
      assertMalformedRequest(with(grpcRequest("/pkg.Svc/M"), "x-bad", value));
    }

    @Test
    void upperCaseFieldInRequestTrailers_isMalformed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, grpcRequest("/pkg.Svc/M"), false);
        AtomicReference<Status> closed = new AtomicReference<>();
        h.perform(h.accepted.get(0).stream(),
            new StreamOpBatch().recvTrailingMetadata((t, s) -> closed.set(s)));
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of("X-Trailer", "v")), true);
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.PROTOCOL_ERROR);
        assertThat(closed.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }
  }

  @Nested
  class Section8_3_1_RequestPseudoHeaders {

    @ParameterizedTest
    @ValueSource(strings = {":method", ":scheme", ":path"})
    void missingMandatoryPseudoHeader_isMalformed(String name) {
      assertMalformedRequest(without(grpcRequest("/pkg.Svc/M"), name));
    }

    @Test
    void emptyPath_isMalformed() {
      assertMalformedRequest(grpcRequest(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {":method", ":scheme", ":path", ":authority"})
    void duplicatePseudoHeader_isMalformed(String name) {
      List<HeaderField> req = grpcRequest("/pkg.Svc/M");
      String value = req.stream().filter(f -> f.name().equals(name)).findFirst().get().value();
      req.add(1, HeaderField.of(name, value));
      assertMalformedRequest(req);
    }

    @Test
    void unknownPseudoHeader_isMalformed() {
      List<HeaderField> req = grpcRequest("/pkg.Svc/M");
      req.add(0, HeaderField.of(":foo", "bar"));
      assertMalformedRequest(req);
    }

    @Test
    void responsePseudoHeaderInARequest_isMalformed() {
      List<HeaderField> req = grpcRequest("/pkg.Svc/M");
      req.add(0, HeaderField.of(":status", "200"));
      assertMalformedRequest(req);
    }

    @Test
    void pseudoHeaderAfterARegularField_isMalformed() {
      List<HeaderField> req = without(grpcRequest("/pkg.Svc/M"), ":authority");
      req.add(HeaderField.of(":authority", "test"));
      assertMalformedRequest(req);
    }

    @Test
    void wellFormedRequestWithoutAuthority_isServed() {
      try (ServerHarness h = ServerHarness.start()) {
        h.peer.headers(1, without(grpcRequest("/pkg.Svc/M"), ":authority"), true);
        assertNoError(h.peer, h.channel);
        assertThat(h.accepted).hasSize(1);
      }
    }
  }

  @Nested
  class Section8_3_2_Responses {

    /** The server answers stream 1 with {@code head}: the client must reset it as malformed. */
    private void assertMalformedResponse(List<HeaderField> head, boolean endStream) {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.frames();
        h.peer.headers(1, head, endStream);
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.PROTOCOL_ERROR);
        assertThat(c.status.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }

    @Test
    void responseWithoutStatus_isMalformed() {
      assertMalformedResponse(List.of(HeaderField.of("content-type", "application/grpc")), false);
    }

    @Test
    void responseWithARequestPseudoHeader_isMalformed() {
      assertMalformedResponse(List.of(HeaderField.of(":status", "200"),
          HeaderField.of(":path", "/x"), HeaderField.of("content-type", "application/grpc")),
          false);
    }

    @Test
    void responseWithTwoStatuses_isMalformed() {
      assertMalformedResponse(List.of(HeaderField.of(":status", "200"),
          HeaderField.of(":status", "200"), HeaderField.of("content-type", "application/grpc")),
          false);
    }

    @Test
    void responseWithStatusAfterARegularField_isMalformed() {
      assertMalformedResponse(List.of(HeaderField.of("content-type", "application/grpc"),
          HeaderField.of(":status", "200")), false);
    }

    @Test
    void responseWithUpperCaseFieldName_isMalformed() {
      assertMalformedResponse(List.of(HeaderField.of(":status", "200"),
          HeaderField.of("content-type", "application/grpc"), HeaderField.of("X-Up", "v")),
          false);
    }

    @Test
    void responseWithConnectionSpecificField_isMalformed() {
      assertMalformedResponse(List.of(HeaderField.of(":status", "200"),
          HeaderField.of("content-type", "application/grpc"),
          HeaderField.of("connection", "close")), false);
    }

    @Test
    void trailersOnlyResponseWithoutStatus_isMalformed() {
      assertMalformedResponse(List.of(HeaderField.of("content-type", "application/grpc"),
          HeaderField.of("grpc-status", "0")), true);
    }

    @Test
    void responseTrailersWithUpperCaseFieldName_areMalformed() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.headers(1, ClientHarness.responseHeaders(), false);
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of("grpc-status", "0"),
            HeaderField.of("X-Up", "v")), true);
        assertStreamError(h.peer, h.channel, 1, Http2ErrorCode.PROTOCOL_ERROR);
        assertThat(c.status.get().code()).isEqualTo(Status.Code.INTERNAL);
      }
    }

    @Test
    void nonGrpcHttpStatus_isWellFormed_andMapsToAGrpcStatus() {
      try (ClientHarness h = ClientHarness.start()) {
        ClientHarness.Call c = h.unary("x");
        h.peer.frames();
        h.peer.headers(1, List.of(HeaderField.of(":status", "503"),
            HeaderField.of("content-type", "text/plain")), false);
        assertThat(h.peer.frames())
            .noneMatch(f -> f instanceof ScriptedPeer.Rst r
                && r.code() == Http2ErrorCode.PROTOCOL_ERROR);
        assertThat(c.status.get().code()).isEqualTo(Status.Code.UNAVAILABLE);
      }
    }
  }
}
