package dev.sluice.h2.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.transport.CallHead;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GrpcMappingTest {

  @Test
  void percentEncoding_nonAsciiAndPercent_roundTrip() {
    String text = "caf\u00e9 100% \u2603 \n done";
    String wire = PercentEncoding.encode(text);
    assertThat(wire).matches("[\\x20-\\x7e]*").contains("%25").contains("%0A");
    assertThat(PercentEncoding.decode(wire)).isEqualTo(text);
    assertThat(PercentEncoding.encode("plain")).isEqualTo("plain");
  }

  @Test
  void percentDecoding_malformedEscape_isKeptAsIs() {
    assertThat(PercentEncoding.decode("50%")).isEqualTo("50%");
    assertThat(PercentEncoding.decode("%zz%4")).isEqualTo("%zz%4");
  }

  @Test
  void binaryValues_sentUnpadded_acceptedPaddedOrNot() {
    byte[] v = {1, 2, 3, 4};
    assertThat(BinaryHeaderCodec.encode(v)).isEqualTo("AQIDBA");
    assertThat(BinaryHeaderCodec.decode("AQIDBA")).containsExactly(1, 2, 3, 4);
    assertThat(BinaryHeaderCodec.decode("AQIDBA==")).containsExactly(1, 2, 3, 4);
  }

  @Test
  void request_encodeThenParse_keepsHeadAndMetadata() {
    Metadata md = new Metadata().add("x-a", "1").addBinary("x-b-bin", new byte[] {9, 8})
        .add("x-a", "2");
    CallHead head = new CallHead("/pkg.Svc/M", "example:443",
        Deadline.after(5, TimeUnit.SECONDS));
    List<HeaderField> fields = RequestHeaders.encode(head, "http", null, md);
    assertThat(fields.get(0)).isEqualTo(HeaderField.of(":method", "POST"));
    RequestHeaders.Parsed parsed = RequestHeaders.parse(fields);
    assertThat(parsed).isInstanceOf(RequestHeaders.Grpc.class);
    RequestHeaders.Grpc g = (RequestHeaders.Grpc) parsed;
    assertThat(g.head().path()).isEqualTo("/pkg.Svc/M");
    assertThat(g.head().authority()).isEqualTo("example:443");
    assertThat(g.head().deadline().timeRemaining(TimeUnit.SECONDS)).isBetween(3L, 5L);
    assertThat(g.metadata().getAll("x-a")).containsExactly("1", "2");
    assertThat(g.metadata().getBinary("x-b-bin")).containsExactly(9, 8);
    assertThat(g.metadata().containsKey("grpc-timeout")).isFalse();
  }

  @Test
  void request_userAgentPrefix_comesBeforeSluicesAndReachesTheServer() {
    List<HeaderField> fields = new ArrayList<>();
    RequestHeaders.encode(new CallHead("/pkg.Svc/M", "example:443", null), "http", null,
        new Metadata(), fields, RequestHeaders.userAgent("shop/3"));

    assertThat(fields)
        .contains(HeaderField.of("user-agent", "shop/3 " + RequestHeaders.USER_AGENT));
    RequestHeaders.Grpc g = (RequestHeaders.Grpc) RequestHeaders.parse(fields);
    assertThat(g.metadata().get("user-agent")).isEqualTo("shop/3 " + RequestHeaders.USER_AGENT);
    assertThat(RequestHeaders.userAgent(null))
        .isEqualTo(HeaderField.of("user-agent", RequestHeaders.USER_AGENT));
  }

  @Test
  void request_wrongContentType_is415WithOneLineBody() {
    List<HeaderField> f = base();
    f.add(HeaderField.of("content-type", "text/html"));
    RequestHeaders.Parsed p = RequestHeaders.parse(f);
    assertThat(p).isInstanceOf(RequestHeaders.NotGrpc.class);
    RequestHeaders.NotGrpc n = (RequestHeaders.NotGrpc) p;
    assertThat(n.httpStatus()).isEqualTo(415);
    assertThat(n.body()).contains("gRPC").doesNotContain("\n");
  }

  @Test
  void request_get_is405() {
    List<HeaderField> f = new ArrayList<>(List.of(HeaderField.of(":method", "GET"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", "/")));
    assertThat(((RequestHeaders.NotGrpc) RequestHeaders.parse(f)).httpStatus()).isEqualTo(405);
  }

  @Test
  void request_malformedCases_areMalformed() {
    List<List<HeaderField>> cases = new ArrayList<>();
    List<HeaderField> upper = base();
    upper.add(HeaderField.of("X-Up", "1"));
    cases.add(upper);
    List<HeaderField> conn = base();
    conn.add(HeaderField.of("connection", "close"));
    cases.add(conn);
    List<HeaderField> te = base();
    te.add(HeaderField.of("te", "gzip"));
    cases.add(te);
    List<HeaderField> late = base();
    late.add(HeaderField.of("a", "b"));
    late.add(HeaderField.of(":authority", "x"));
    cases.add(late);
    List<HeaderField> dup = base();
    dup.add(0, HeaderField.of(":path", "/again"));
    cases.add(dup);
    cases.add(new ArrayList<>(List.of(HeaderField.of(":method", "POST"))));
    List<HeaderField> timeout = base();
    timeout.add(HeaderField.of("content-type", "application/grpc"));
    timeout.add(HeaderField.of("grpc-timeout", "forever"));
    cases.add(timeout);
    for (List<HeaderField> c : cases) {
      assertThat(RequestHeaders.parse(c)).as(c.toString())
          .isInstanceOf(RequestHeaders.Malformed.class);
    }
  }

  @Test
  void contentType_variants() {
    assertThat(RequestHeaders.isGrpcContentType("application/grpc")).isTrue();
    assertThat(RequestHeaders.isGrpcContentType("application/grpc+proto")).isTrue();
    assertThat(RequestHeaders.isGrpcContentType("application/grpc; charset=utf-8")).isTrue();
    assertThat(RequestHeaders.isGrpcContentType("application/grpcx")).isFalse();
    assertThat(RequestHeaders.isGrpcContentType("application/json")).isFalse();
  }

  @Test
  void trailers_everyStatusWithNonAsciiMessageAndDetails_roundTrip() {
    for (Status.Code c : Status.Code.values()) {
      Status s = c.toStatus().withDescription("\u00fcber \u2603 %").withDetails(new byte[] {0, 1});
      List<HeaderField> f = ResponseHeaders.encodeTrailers(s, new Metadata().add("t", "v"), false);
      ResponseHeaders.Trailers t = ResponseHeaders.parseTrailers(f);
      assertThat(t.status()).isEqualTo(s);
      assertThat(t.metadata().get("t")).isEqualTo("v");
    }
  }

  @Test
  void trailers_missingGrpcStatus_fallsBackToHttpStatus() {
    List<HeaderField> f = List.of(HeaderField.of(":status", "503"));
    assertThat(ResponseHeaders.parseTrailers(f).status().code())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(ResponseHeaders.parseTrailers(List.of()).status().code())
        .isEqualTo(Status.Code.UNKNOWN);
  }

  @Test
  void httpStatusTable_followsTheSpec() {
    assertThat(StatusMapping.fromHttpStatus(400).code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(StatusMapping.fromHttpStatus(401).code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(StatusMapping.fromHttpStatus(403).code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(StatusMapping.fromHttpStatus(404).code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(StatusMapping.fromHttpStatus(429).code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMapping.fromHttpStatus(502).code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMapping.fromHttpStatus(500).code()).isEqualTo(Status.Code.UNKNOWN);
  }

  @Test
  void rstCodeTable_followsTheSpec() {
    assertThat(StatusMapping.fromHttp2Code(StatusMapping.REFUSED_STREAM, false).code())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMapping.fromHttp2Code(StatusMapping.CANCEL, false).code())
        .isEqualTo(Status.Code.CANCELLED);
    assertThat(StatusMapping.fromHttp2Code(StatusMapping.CANCEL, true).code())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(StatusMapping.fromHttp2Code(StatusMapping.ENHANCE_YOUR_CALM, false).code())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(StatusMapping.fromHttp2Code(StatusMapping.INADEQUATE_SECURITY, false).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(StatusMapping.fromHttp2Code(StatusMapping.PROTOCOL_ERROR, false).code())
        .isEqualTo(Status.Code.INTERNAL);
  }

  private static List<HeaderField> base() {
    return new ArrayList<>(List.of(HeaderField.of(":method", "POST"),
        HeaderField.of(":scheme", "http"), HeaderField.of(":path", "/a.B/C")));
  }
}
