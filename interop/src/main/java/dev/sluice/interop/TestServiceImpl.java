package dev.sluice.interop;

import com.google.protobuf.ByteString;
import dev.sluice.Metadata;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.stub.ServerCalls;
import dev.sluice.stub.ServerContext;
import dev.sluice.stub.ServerReader;
import dev.sluice.stub.ServerReaderWriter;
import dev.sluice.stub.ServerWriter;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The interop {@code grpc.testing.TestService}, as the interop test descriptions define the
 * server's side: payloads of the requested sizes, the requested status, echoed metadata, and
 * pauses between streamed responses. Blocking handlers: each call runs on the server's executor.
 */
final class TestServiceImpl {

  static final String ECHO_INITIAL = "x-grpc-test-echo-initial";
  static final String ECHO_TRAILING = "x-grpc-test-echo-trailing-bin";

  private TestServiceImpl() {}

  /** Registers every implemented method; UnimplementedCall is left out on purpose. */
  static Server.Builder register(Server.Builder b) {
    return b
        .addMethod(TestServiceMethods.EMPTY_CALL, ServerCalls.unary(TestServiceImpl::emptyCall))
        // These three look at compression message by message: on the core API.
        .addMethod(TestServiceMethods.UNARY_CALL, CompressionMethods.unaryCall())
        .addMethod(TestServiceMethods.STREAMING_OUTPUT_CALL,
            CompressionMethods.streamingOutputCall())
        .addMethod(TestServiceMethods.STREAMING_INPUT_CALL,
            CompressionMethods.streamingInputCall())
        .addMethod(TestServiceMethods.FULL_DUPLEX_CALL,
            ServerCalls.bidi(TestServiceImpl::fullDuplexCall))
        .addMethod(TestServiceMethods.HALF_DUPLEX_CALL,
            ServerCalls.bidi(TestServiceImpl::halfDuplexCall));
  }

  private static Empty emptyCall(Empty request, ServerContext ctx) {
    echoMetadata(ctx);
    return Empty.getDefaultInstance();
  }

  private static void fullDuplexCall(
      ServerReaderWriter<StreamingOutputCallRequest, StreamingOutputCallResponse> stream)
      throws Exception {
    echoMetadata(stream.context());
    StreamingOutputCallRequest r;
    while ((r = stream.read()) != null) {
      failIfAsked(r.hasResponseStatus(), r.getResponseStatus(), stream.context());
      respond(r, stream);
    }
  }

  private static void halfDuplexCall(
      ServerReaderWriter<StreamingOutputCallRequest, StreamingOutputCallResponse> stream)
      throws Exception {
    List<StreamingOutputCallRequest> all = new ArrayList<>();
    StreamingOutputCallRequest r;
    while ((r = stream.read()) != null) {
      all.add(r);
    }
    for (StreamingOutputCallRequest each : all) {
      respond(each, stream);
    }
  }

  /** Writes one response per response parameter, pausing as each asks. */
  private static void respond(StreamingOutputCallRequest request,
      ServerWriter<StreamingOutputCallResponse> out) throws InterruptedException {
    for (ResponseParameters p : request.getResponseParametersList()) {
      if (p.getIntervalUs() > 0) {
        TimeUnit.MICROSECONDS.sleep(p.getIntervalUs());
      }
      out.write(StreamingOutputCallResponse.newBuilder().setPayload(payload(p.getSize())).build());
    }
  }

  /** Ends the call with the status the client asked for, when it asked for one. */
  private static void failIfAsked(boolean asked, EchoStatus status, ServerContext ctx)
      throws StatusException {
    if (asked && status.getCode() != 0) {
      throw Status.fromCodeValue(status.getCode()).withDescription(status.getMessage())
          .asException(new Metadata(ctx.trailers()));
    }
  }

  /** Echoes the two metadata entries the custom_metadata case sends. */
  private static void echoMetadata(ServerContext ctx) {
    Metadata in = ctx.requestHeaders();
    String initial = in.get(ECHO_INITIAL);
    if (initial != null) {
      ctx.setResponseHeaders(new Metadata().add(ECHO_INITIAL, initial));
    }
    byte[] trailing = in.getBinary(ECHO_TRAILING);
    if (trailing != null) {
      ctx.trailers().addBinary(ECHO_TRAILING, trailing);
    }
  }

  static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }
}
