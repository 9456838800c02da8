package dev.sluice.h2.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.Deadline;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.h2.hpack.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Hostile header lists for the gRPC mapping of HTTP/2 headers: whatever fields a peer's HPACK
 * block decodes to (any ISO-8859-1 names and values, in any order, repeated or missing), reading
 * them never throws. {@link RequestHeaders#parse}, {@link ResponseHeaders#parseHeaders} and
 * {@link ResponseHeaders#parseTrailers} document a result for every list: a malformed or
 * non-gRPC request is a value ({@code Malformed}, {@code NotGrpc}), fields that cannot be
 * metadata are skipped, an unreadable grpc-status is UNKNOWN. So here no exception at all may
 * escape, not even {@link IllegalArgumentException}. On every input:
 *
 * <ul>
 *   <li>a request accepted as gRPC had POST, a gRPC content-type, a non-empty {@code :path} and,
 *       if it carried grpc-timeout, a valid one; its metadata holds only valid keys, no
 *       pseudo-header and none of the fields the transport reads itself; and written out again
 *       by {@link RequestHeaders#encode} it reads back to the same call head and metadata;
 *   <li>a non-gRPC request is answered 405 (not POST) or 415, with a text to show;
 *   <li>a response head is gRPC exactly when {@code :status} is 200 with a gRPC content-type;
 *   <li>trailers give the last grpc-status (UNKNOWN when it is not a number), the percent-decoded
 *       grpc-message, and written out again by {@link ResponseHeaders#encodeTrailers} read back
 *       to the same status, description, details and metadata.
 * </ul>
 *
 * <p>Fuzz input layout, as {@link FuzzedDataProvider} reads it from the end: one byte for the
 * number of fields (b % 13); then per field, for the name and then the value, one byte whose low
 * bit picks a well-known string (the next byte chooses which) or raw octets (the next byte gives
 * their count, 0 to 40, taken from the front of the input, in order). Seeds are in
 * {@code GrpcHeadersFuzzTestInputs/<method>/}; run longer with {@code bin/fuzz request-headers}
 * or {@code bin/fuzz response-headers}.
 */
class GrpcHeadersFuzzTest {

  /** Names a gRPC peer sends or a hostile one might, including invalid ones. */
  static final List<String> NAMES = List.of(":method", ":scheme", ":path", ":authority",
      ":status", ":protocol", "content-type", "te", "grpc-timeout", "grpc-encoding",
      "grpc-accept-encoding", "user-agent", "host", "connection", "grpc-status", "grpc-message",
      "grpc-status-details-bin", "trace-bin", "custom-key", "Custom-Key", "authorization", "");

  /** Values for those names, valid and not. */
  static final List<String> VALUES = List.of("POST", "GET", "http", "https",
      "/sluice.Echo/Say", "", "example.com:443", "application/grpc", "application/grpc+proto",
      "application/grpc;charset=utf-8", "application/json", "trailers", "gzip", "200", "404",
      "503", "0", "13", "99", "-1", "1S", "100m", "99999999H", "123456789S", "0n", "a%20b%",
      "%E2%82%AC%zz", "AAEC", "AAEC==", "not base64!", "sluice-java/0.1.0", "line\r\nbreak");

  /** Fields the transport reads or writes itself, never passed through as metadata. */
  private static final Set<String> TRANSPORT_FIELDS = Set.of("content-type", "te", "host",
      "connection", "grpc-timeout", "grpc-status", "grpc-message", "grpc-status-details-bin",
      "user-agent", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

  @FuzzTest
  void parseRequest_anyFields_neverThrowsAndGrpcRequestsRoundTrip(FuzzedDataProvider data) {
    List<HeaderField> fields = fields(data);
    RequestHeaders.Parsed parsed = RequestHeaders.parse(fields);
    assertThat(parsed).isNotNull();
    if (parsed instanceof RequestHeaders.Grpc grpc) {
      checkGrpcRequest(fields, grpc);
    } else if (parsed instanceof RequestHeaders.NotGrpc notGrpc) {
      String method = last(fields, ":method");
      assertThat(notGrpc.httpStatus()).isEqualTo("POST".equals(method) ? 415 : 405);
      assertThat(notGrpc.body()).isNotBlank();
    } else {
      assertThat(((RequestHeaders.Malformed) parsed).why()).isNotBlank();
    }
  }

  @FuzzTest
  void parseResponse_anyFields_neverThrowsAndTrailersRoundTrip(FuzzedDataProvider data) {
    List<HeaderField> fields = fields(data);

    ResponseHeaders.Head head = ResponseHeaders.parseHeaders(fields);
    String contentType = last(fields, "content-type");
    // :status is read as a decimal int, so "+200" and "0200" pass as 200 (lenient, harmless).
    boolean grpc = intOrMinusOne(last(fields, ":status")) == 200 && contentType != null
        && RequestHeaders.isGrpcContentType(contentType);
    assertThat(head.isGrpc()).as("head is gRPC").isEqualTo(grpc);
    checkMetadata(head.metadata());

    ResponseHeaders.Trailers trailers = ResponseHeaders.parseTrailers(fields);
    Status status = trailers.status();
    assertThat(status).isNotNull();
    String grpcStatus = last(fields, "grpc-status");
    if (grpcStatus != null) {
      assertThat(status.code()).isEqualTo(expectedCode(grpcStatus));
      String message = last(fields, "grpc-message");
      assertThat(status.description())
          .isEqualTo(message == null ? null : PercentEncoding.decode(message));
    }
    checkMetadata(trailers.metadata());
    for (boolean trailersOnly : new boolean[] {false, true}) {
      ResponseHeaders.Trailers again = ResponseHeaders.parseTrailers(
          ResponseHeaders.encodeTrailers(status, trailers.metadata(), trailersOnly));
      assertThat(again.status().code()).isEqualTo(status.code());
      assertThat(again.status().description()).isEqualTo(status.description());
      assertThat(again.status().details()).isEqualTo(status.details());
      assertThat(entries(again.metadata())).isEqualTo(entries(trailers.metadata()));
    }
  }

  private static void checkGrpcRequest(List<HeaderField> fields, RequestHeaders.Grpc grpc) {
    assertThat(last(fields, ":method")).isEqualTo("POST");
    assertThat(RequestHeaders.isGrpcContentType(last(fields, "content-type"))).isTrue();
    assertThat(grpc.head().path()).isNotEmpty().isEqualTo(last(fields, ":path"));
    assertThat(grpc.head().authority()).isEqualTo(last(fields, ":authority"));
    String timeout = last(fields, "grpc-timeout");
    assertThat(grpc.head().deadline() != null).as("deadline").isEqualTo(timeout != null);
    if (timeout != null) {
      assertThat(Deadline.parseTimeout(timeout)).isNotNegative();
    }
    checkMetadata(grpc.metadata());
    assertThat(grpc.metadata().size()).isLessThanOrEqualTo(fields.size());

    RequestHeaders.Parsed again = RequestHeaders.parse(
        RequestHeaders.encode(grpc.head(), "https", null, grpc.metadata()));
    assertThat(again).isInstanceOf(RequestHeaders.Grpc.class);
    RequestHeaders.Grpc reread = (RequestHeaders.Grpc) again;
    assertThat(reread.head().path()).isEqualTo(grpc.head().path());
    assertThat(reread.head().authority()).isEqualTo(grpc.head().authority());
    assertThat(reread.head().deadline() != null).isEqualTo(grpc.head().deadline() != null);
    // The encoder writes its own user-agent; the peer's is informational.
    assertThat(entries(reread.metadata())).isEqualTo(entries(grpc.metadata()));
  }

  /** Metadata read from a peer holds only keys an application could have sent. */
  private static void checkMetadata(Metadata md) {
    for (Metadata.Entry e : md.entries()) {
      String key = e.key();
      assertThat(key).isNotEmpty().doesNotStartWith(":");
      assertThat(key.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
          || c == '_' || c == '-' || c == '.')).as("valid key %s", key).isTrue();
      assertThat(e.isBinary()).isEqualTo(key.endsWith("-bin"));
    }
  }

  /** The entries that survive being written out again, as comparable text. */
  private static List<String> entries(Metadata md) {
    List<String> out = new ArrayList<>();
    for (Metadata.Entry e : md.entries()) {
      if (!TRANSPORT_FIELDS.contains(e.key())) {
        out.add(e.key() + "=" + (e.isBinary()
            ? Base64.getEncoder().encodeToString(e.binaryValue()) : e.stringValue()));
      }
    }
    return out;
  }

  private static Status.Code expectedCode(String grpcStatus) {
    int value = intOrMinusOne(grpcStatus);
    return value < 0 ? Status.Code.UNKNOWN : Status.Code.fromValue(value);
  }

  private static int intOrMinusOne(String s) {
    try {
      return s == null ? -1 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The value of the last field named {@code name}, or null. */
  private static String last(List<HeaderField> fields, String name) {
    String value = null;
    for (HeaderField f : fields) {
      if (f.name().equals(name)) {
        value = f.value();
      }
    }
    return value;
  }

  static List<HeaderField> fields(FuzzedDataProvider data) {
    List<HeaderField> fields = new ArrayList<>();
    for (int n = data.consumeInt(0, 12); n > 0; n--) {
      String name = string(data, NAMES);
      fields.add(HeaderField.of(name, string(data, VALUES)));
    }
    return fields;
  }

  private static String string(FuzzedDataProvider data, List<String> wellKnown) {
    if (data.consumeBoolean()) {
      return wellKnown.get(data.consumeInt(0, wellKnown.size() - 1));
    }
    return new String(data.consumeBytes(data.consumeInt(0, 40)), StandardCharsets.ISO_8859_1);
  }
}
