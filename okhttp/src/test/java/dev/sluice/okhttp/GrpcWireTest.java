package dev.sluice.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.CallHead;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** gRPC's HTTP/2 mapping on OkHttp's headers, and what OkHttp's failures mean for a call. */
class GrpcWireTest {

  @Test
  void requestHeaders_metadata_binaryInBase64AndReservedKeysDropped() {
    Metadata md = new Metadata().add("x-a", "1").addBinary("x-b-bin",
        "hi".getBytes(StandardCharsets.US_ASCII)).add("user-agent", "mine");
    Headers h = GrpcWire.requestHeaders(new CallHead("/s/M", null, null), "host:1", "app", md);
    assertThat(h.get("x-a")).isEqualTo("1");
    assertThat(h.get("x-b-bin")).isEqualTo("aGk");
    assertThat(h.values("user-agent")).containsExactly("app " + GrpcWire.USER_AGENT);
    assertThat(h.get("Host")).isEqualTo("host:1");
    assertThat(h.get("te")).isEqualTo("trailers");
    assertThat(h.get("grpc-timeout")).isNull();
  }

  @Test
  void status_trailersWithPercentEncodedMessageAndDetails_decoded() {
    Headers t = new Headers.Builder().add("grpc-status", "5").add("grpc-message", "caf%C3%A9 %25")
        .add("grpc-status-details-bin", "AQI").build();
    Status s = GrpcWire.status(t, 200);
    assertThat(s.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(s.description()).isEqualTo("café %");
    assertThat(s.details()).containsExactly(1, 2);
  }

  @Test
  void status_noGrpcStatus_mapsTheHttpStatus() {
    assertThat(GrpcWire.status(Headers.of(), 503).code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcWire.status(Headers.of(), 404).code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(GrpcWire.status(Headers.of(), 200).code()).isEqualTo(Status.Code.UNKNOWN);
  }

  @Test
  void metadata_responseHeaders_gRpcKeysLeftOutAndBinaryDecoded() {
    Metadata md = GrpcWire.metadata(new Headers.Builder().add("content-type", "application/grpc")
        .add("grpc-status", "0").add("x-c", "v").add("x-d-bin", "aGk=").build());
    assertThat(md.keys()).containsExactlyInAnyOrder("x-c", "x-d-bin");
    assertThat(md.getBinary("x-d-bin")).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void resetCodes_okHttpFailures_mapToGrpcStatuses() {
    assertThat(ResetCodes.statusOf(new ConnectException("refused"), "h:1").code())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(ResetCodes.statusOf(new IOException("eof"), "h:1").code())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcWire.fromResetCode("CANCEL").code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(GrpcWire.fromResetCode("REFUSED_STREAM").code())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcWire.fromResetCode("ENHANCE_YOUR_CALM").code())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void hostOf_authorities_hostPart() {
    assertThat(OkHttpTransportFactory.hostOf("a.example:443")).isEqualTo("a.example");
    assertThat(OkHttpTransportFactory.hostOf("[::1]:80")).isEqualTo("::1");
    assertThat(OkHttpTransportFactory.hostOf("b.example")).isEqualTo("b.example");
  }
}
