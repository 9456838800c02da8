package dev.sluice.interop;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.Metadata;
import dev.sluice.ServerCallHandler;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import java.util.concurrent.TimeUnit;

/**
 * The TestService methods whose interop cases look at compression message by message
 * ({@code expect_compressed}, {@code response_compressed}, {@code compressed} response
 * parameters), written on the core batch API, which shows whether each message came compressed
 * and lets each be sent compressed or not.
 */
final class CompressionMethods {

  private CompressionMethods() {}

  static ServerCallHandler unaryCall() {
    return call -> {
      Batch in = new Batch().recvMessage();
      Await.batch(call, in);
      SimpleRequest req = in.message();
      if (req == null) {
        return; // cancelled before the request came
      }
      Metadata headers = echoHeaders(call);
      Metadata trailers = echoTrailers(call);
      Status status = Status.OK;
      if (req.getExpectCompressed().getValue() && !in.messageArrivedCompressed()) {
        status = Status.INVALID_ARGUMENT.withDescription(
            "Expected a compressed request, but it came uncompressed");
      } else if (req.hasResponseStatus() && req.getResponseStatus().getCode() != 0) {
        status = Status.fromCodeValue(req.getResponseStatus().getCode())
            .withDescription(req.getResponseStatus().getMessage());
      }
      Batch out = new Batch().sendInitialMetadata(headers);
      if (status.isOk()) {
        boolean compress = req.getResponseCompressed().getValue();
        if (compress) {
          call.setCompression("gzip");
        }
        SimpleResponse.Builder r = SimpleResponse.newBuilder();
        if (req.getResponseSize() > 0) {
          r.setPayload(TestServiceImpl.payload(req.getResponseSize()));
        }
        out.sendMessage(r.build(), compress ? 0 : StreamOpBatch.FLAG_NO_COMPRESS);
      }
      Await.batch(call, out.sendStatusFromServer(status, trailers));
    };
  }

  static ServerCallHandler streamingInputCall() {
    return call -> {
      int total = 0;
      while (true) {
        Batch in = new Batch().recvMessage();
        Await.batch(call, in);
        StreamingInputCallRequest r = in.message();
        if (r == null) {
          break;
        }
        if (r.getExpectCompressed().getValue() && !in.messageArrivedCompressed()) {
          Await.batch(call, new Batch().sendStatusFromServer(Status.INVALID_ARGUMENT
              .withDescription("Expected a compressed request, but it came uncompressed"),
              new Metadata()));
          return;
        }
        total += r.getPayload().getBody().size();
      }
      Await.batch(call, new Batch()
          .sendMessage(StreamingInputCallResponse.newBuilder().setAggregatedPayloadSize(total)
              .build())
          .sendStatusFromServer(Status.OK, new Metadata()));
    };
  }

  static ServerCallHandler streamingOutputCall() {
    return call -> {
      Batch in = new Batch().recvMessage();
      Await.batch(call, in);
      StreamingOutputCallRequest req = in.message();
      if (req == null) {
        return;
      }
      boolean anyCompressed = req.getResponseParametersList().stream()
          .anyMatch(p -> p.getCompressed().getValue());
      if (anyCompressed) {
        call.setCompression("gzip");
      }
      Await.batch(call, new Batch().sendInitialMetadata(echoHeaders(call)));
      for (ResponseParameters p : req.getResponseParametersList()) {
        if (p.getIntervalUs() > 0) {
          TimeUnit.MICROSECONDS.sleep(p.getIntervalUs());
        }
        StreamingOutputCallResponse r = StreamingOutputCallResponse.newBuilder()
            .setPayload(TestServiceImpl.payload(p.getSize())).build();
        if (!Await.batch(call, new Batch().sendMessage(r,
            p.getCompressed().getValue() ? 0 : StreamOpBatch.FLAG_NO_COMPRESS))) {
          return; // the call ended under us
        }
      }
      Status status = Status.OK;
      if (req.hasResponseStatus() && req.getResponseStatus().getCode() != 0) {
        status = Status.fromCodeValue(req.getResponseStatus().getCode())
            .withDescription(req.getResponseStatus().getMessage());
      }
      Await.batch(call, new Batch().sendStatusFromServer(status, echoTrailers(call)));
    };
  }

  private static Metadata echoHeaders(Call call) {
    Metadata out = new Metadata();
    String v = call.requestHeaders().get(TestServiceImpl.ECHO_INITIAL);
    if (v != null) {
      out.add(TestServiceImpl.ECHO_INITIAL, v);
    }
    return out;
  }

  private static Metadata echoTrailers(Call call) {
    Metadata out = new Metadata();
    byte[] v = call.requestHeaders().getBinary(TestServiceImpl.ECHO_TRAILING);
    if (v != null) {
      out.addBinary(TestServiceImpl.ECHO_TRAILING, v);
    }
    return out;
  }
}
