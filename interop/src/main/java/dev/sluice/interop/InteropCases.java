package dev.sluice.interop;

import com.google.protobuf.ByteString;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.ClientCalls;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The client side of the interop test cases (grpc's interop-test-descriptions), each a method
 * that returns normally on a pass and throws {@link AssertionError} (or a status) on a failure.
 */
final class InteropCases {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final List<Integer> CLIENT_STREAM_SIZES = List.of(27182, 8, 1828, 45904);
  private static final List<Integer> SERVER_STREAM_SIZES = List.of(31415, 9, 2653, 58979);

  private final Supplier<Channel> newChannel;
  private final Channel channel;
  private final int soakIterations;
  private final CompressionCases compression;

  /**
   * @param newChannel makes a fresh channel to the server (channel_soak needs one per call)
   */
  InteropCases(Supplier<Channel> newChannel, int soakIterations) {
    this.newChannel = newChannel;
    this.channel = newChannel.get();
    this.soakIterations = soakIterations;
    this.compression = new CompressionCases(channel);
  }

  /** Every case this client runs, by its interop name. */
  Map<String, Case> all() {
    return Map.ofEntries(
        Map.entry("empty_unary", this::emptyUnary),
        Map.entry("large_unary", this::largeUnary),
        Map.entry("client_streaming", this::clientStreaming),
        Map.entry("server_streaming", this::serverStreaming),
        Map.entry("ping_pong", this::pingPong),
        Map.entry("empty_stream", this::emptyStream),
        Map.entry("cancel_after_begin", this::cancelAfterBegin),
        Map.entry("cancel_after_first_response", this::cancelAfterFirstResponse),
        Map.entry("timeout_on_sleeping_server", this::timeoutOnSleepingServer),
        Map.entry("custom_metadata", this::customMetadata),
        Map.entry("status_code_and_message", this::statusCodeAndMessage),
        Map.entry("special_status_message", this::specialStatusMessage),
        Map.entry("unimplemented_method", this::unimplementedMethod),
        Map.entry("unimplemented_service", this::unimplementedService),
        Map.entry("very_large_request", this::veryLargeRequest),
        Map.entry("client_compressed_unary", compression::clientCompressedUnary),
        Map.entry("server_compressed_unary", compression::serverCompressedUnary),
        Map.entry("client_compressed_streaming", compression::clientCompressedStreaming),
        Map.entry("server_compressed_streaming", compression::serverCompressedStreaming),
        Map.entry("client_compressed_unary_noprobe", () -> compression.clientCompressedUnary(false)),
        Map.entry("client_compressed_streaming_noprobe",
            () -> compression.clientCompressedStreaming(false)),
        Map.entry("server_compressed_streaming_nocheck",
            () -> compression.serverCompressedStreaming(false)),
        Map.entry("rpc_soak", this::rpcSoak),
        Map.entry("channel_soak", this::channelSoak));
  }

  /** One test case. */
  @FunctionalInterface
  interface Case {
    void run() throws Exception;
  }

  void close() throws InterruptedException {
    channel.close();
  }

  private static CallOptions options() {
    return CallOptions.DEFAULT.withTimeout(CALL_TIMEOUT);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  // ---- unary ----

  void emptyUnary() {
    Empty reply = ClientCalls.blockingUnary(channel, TestServiceMethods.EMPTY_CALL, options(),
        Empty.getDefaultInstance());
    check(reply.equals(Empty.getDefaultInstance()), "empty_unary: reply is not empty");
  }

  void largeUnary() {
    largeUnary(channel);
  }

  private static void largeUnary(Channel ch) {
    SimpleRequest req = SimpleRequest.newBuilder().setResponseSize(314159)
        .setPayload(TestServiceImpl.payload(271828)).build();
    SimpleResponse reply = ClientCalls.blockingUnary(ch, TestServiceMethods.UNARY_CALL,
        options(), req);
    check(reply.getPayload().getBody().size() == 314159,
        "large_unary: response payload is " + reply.getPayload().getBody().size() + " bytes");
    check(allZero(reply.getPayload().getBody()), "large_unary: response payload is not zeros");
  }

  void veryLargeRequest() {
    SimpleRequest req = SimpleRequest.newBuilder().setResponseSize(10)
        .setPayload(TestServiceImpl.payload(8 * 1024 * 1024 - 32)).build();
    SimpleResponse reply = ClientCalls.blockingUnary(channel, TestServiceMethods.UNARY_CALL,
        options(), req);
    check(reply.getPayload().getBody().size() == 10, "very_large_request: wrong response size");
  }

  // ---- streaming ----

  void clientStreaming() {
    try (BlockingClientCall<StreamingInputCallRequest, StreamingInputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.STREAMING_INPUT_CALL, options())) {
      for (int size : CLIENT_STREAM_SIZES) {
        call.write(StreamingInputCallRequest.newBuilder()
            .setPayload(TestServiceImpl.payload(size)).build());
      }
      call.writesDone();
      StreamingInputCallResponse reply = call.read();
      Status status = call.finish();
      check(status.isOk(), "client_streaming: status " + status);
      check(reply != null && reply.getAggregatedPayloadSize() == 74922,
          "client_streaming: aggregated size " + (reply == null ? "missing" : reply));
    }
  }

  void serverStreaming() {
    StreamingOutputCallRequest.Builder req = StreamingOutputCallRequest.newBuilder();
    for (int size : SERVER_STREAM_SIZES) {
      req.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
    }
    try (BlockingClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.STREAMING_OUTPUT_CALL, options())) {
      call.write(req.build());
      call.writesDone();
      for (int size : SERVER_STREAM_SIZES) {
        StreamingOutputCallResponse r = call.read();
        check(r != null && r.getPayload().getBody().size() == size,
            "server_streaming: expected a response of " + size + " bytes, got " + describe(r));
      }
      check(call.read() == null, "server_streaming: more responses than asked for");
      Status status = call.finish();
      check(status.isOk(), "server_streaming: status " + status);
    }
  }

  void pingPong() {
    try (BlockingClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.FULL_DUPLEX_CALL, options())) {
      for (int i = 0; i < CLIENT_STREAM_SIZES.size(); i++) {
        call.write(StreamingOutputCallRequest.newBuilder()
            .addResponseParameters(ResponseParameters.newBuilder()
                .setSize(SERVER_STREAM_SIZES.get(i)))
            .setPayload(TestServiceImpl.payload(CLIENT_STREAM_SIZES.get(i))).build());
        StreamingOutputCallResponse r = call.read();
        check(r != null && r.getPayload().getBody().size() == SERVER_STREAM_SIZES.get(i),
            "ping_pong: response " + i + " is " + describe(r));
      }
      call.writesDone();
      check(call.read() == null, "ping_pong: response after half-close");
      Status status = call.finish();
      check(status.isOk(), "ping_pong: status " + status);
    }
  }

  void emptyStream() {
    try (BlockingClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.FULL_DUPLEX_CALL, options())) {
      call.writesDone();
      check(call.read() == null, "empty_stream: got a response");
      Status status = call.finish();
      check(status.isOk(), "empty_stream: status " + status);
    }
  }

  // ---- cancellation and deadlines ----

  void cancelAfterBegin() {
    try (BlockingClientCall<StreamingInputCallRequest, StreamingInputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.STREAMING_INPUT_CALL, options())) {
      call.cancel("cancel_after_begin");
      Status status = call.finish();
      check(status.code() == Status.Code.CANCELLED, "cancel_after_begin: status " + status);
    }
  }

  void cancelAfterFirstResponse() {
    try (BlockingClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.FULL_DUPLEX_CALL, options())) {
      call.write(StreamingOutputCallRequest.newBuilder()
          .addResponseParameters(ResponseParameters.newBuilder().setSize(31415))
          .setPayload(TestServiceImpl.payload(27182)).build());
      StreamingOutputCallResponse r = call.read();
      check(r != null && r.getPayload().getBody().size() == 31415,
          "cancel_after_first_response: first response is " + describe(r));
      call.cancel("cancel_after_first_response");
      Status status = call.finish();
      check(status.code() == Status.Code.CANCELLED,
          "cancel_after_first_response: status " + status);
    }
  }

  void timeoutOnSleepingServer() {
    CallOptions opts = CallOptions.DEFAULT.withTimeout(Duration.ofMillis(1));
    try (BlockingClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.FULL_DUPLEX_CALL, opts)) {
      call.write(StreamingOutputCallRequest.newBuilder()
          .setPayload(TestServiceImpl.payload(27182)).build());
      call.read();
      Status status = call.finish();
      check(status.code() == Status.Code.DEADLINE_EXCEEDED,
          "timeout_on_sleeping_server: status " + status);
    } catch (StatusException e) {
      check(e.status().code() == Status.Code.DEADLINE_EXCEEDED,
          "timeout_on_sleeping_server: status " + e.status());
    }
  }

  // ---- metadata and status ----

  void customMetadata() {
    byte[] trailing = {(byte) 0xab, (byte) 0xab, (byte) 0xab};
    Metadata headers = new Metadata().add(TestServiceImpl.ECHO_INITIAL, "test_initial_metadata_value")
        .addBinary(TestServiceImpl.ECHO_TRAILING, trailing);
    SimpleRequest req = SimpleRequest.newBuilder().setResponseSize(314159)
        .setPayload(TestServiceImpl.payload(271828)).build();
    try (BlockingClientCall<SimpleRequest, SimpleResponse> call = ClientCalls.blockingCall(
        channel, TestServiceMethods.UNARY_CALL, options(), headers)) {
      call.write(req);
      call.writesDone();
      SimpleResponse reply = call.read();
      Status status = call.finish();
      check(status.isOk(), "custom_metadata (unary): status " + status);
      check(reply != null && reply.getPayload().getBody().size() == 314159,
          "custom_metadata (unary): wrong response");
      checkEchoes(call.headers(), call.trailers(), trailing, "unary");
    }
    try (BlockingClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.FULL_DUPLEX_CALL, options(),
            headers)) {
      call.write(StreamingOutputCallRequest.newBuilder()
          .addResponseParameters(ResponseParameters.newBuilder().setSize(314159))
          .setPayload(TestServiceImpl.payload(271828)).build());
      call.writesDone();
      StreamingOutputCallResponse r = call.read();
      check(r != null && r.getPayload().getBody().size() == 314159,
          "custom_metadata (full duplex): wrong response");
      check(call.read() == null, "custom_metadata (full duplex): extra response");
      Status status = call.finish();
      check(status.isOk(), "custom_metadata (full duplex): status " + status);
      checkEchoes(call.headers(), call.trailers(), trailing, "full duplex");
    }
  }

  private static void checkEchoes(Metadata headers, Metadata trailers, byte[] trailing,
      String kind) {
    check(headers != null
        && "test_initial_metadata_value".equals(headers.get(TestServiceImpl.ECHO_INITIAL)),
        "custom_metadata (" + kind + "): initial metadata not echoed: " + headers);
    check(trailers != null
        && Arrays.equals(trailing, trailers.getBinary(TestServiceImpl.ECHO_TRAILING)),
        "custom_metadata (" + kind + "): trailing metadata not echoed: " + trailers);
  }

  void statusCodeAndMessage() {
    String message = "test status message";
    EchoStatus echo = EchoStatus.newBuilder().setCode(2).setMessage(message).build();
    try {
      ClientCalls.blockingUnary(channel, TestServiceMethods.UNARY_CALL, options(),
          SimpleRequest.newBuilder().setResponseStatus(echo).build());
      throw new AssertionError("status_code_and_message: unary call succeeded");
    } catch (StatusException e) {
      check(e.status().code() == Status.Code.UNKNOWN && message.equals(e.status().description()),
          "status_code_and_message (unary): " + e.status());
    }
    try (BlockingClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        ClientCalls.blockingCall(channel, TestServiceMethods.FULL_DUPLEX_CALL, options())) {
      call.write(StreamingOutputCallRequest.newBuilder().setResponseStatus(echo).build());
      call.writesDone();
      check(call.read() == null, "status_code_and_message (full duplex): got a response");
      Status status = call.finish();
      check(status.code() == Status.Code.UNKNOWN && message.equals(status.description()),
          "status_code_and_message (full duplex): " + status);
    } catch (StatusException e) {
      check(e.status().code() == Status.Code.UNKNOWN && message.equals(e.status().description()),
          "status_code_and_message (full duplex): " + e.status());
    }
  }

  void specialStatusMessage() {
    String message = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \ud83d\ude08\t\n";
    try {
      ClientCalls.blockingUnary(channel, TestServiceMethods.UNARY_CALL, options(),
          SimpleRequest.newBuilder().setResponseStatus(
              EchoStatus.newBuilder().setCode(2).setMessage(message)).build());
      throw new AssertionError("special_status_message: call succeeded");
    } catch (StatusException e) {
      check(e.status().code() == Status.Code.UNKNOWN && message.equals(e.status().description()),
          "special_status_message: " + e.status());
    }
  }

  void unimplementedMethod() {
    expectUnimplemented(TestServiceMethods.UNIMPLEMENTED_CALL, "unimplemented_method");
  }

  void unimplementedService() {
    expectUnimplemented(TestServiceMethods.UNIMPLEMENTED_SERVICE_CALL, "unimplemented_service");
  }

  private void expectUnimplemented(dev.sluice.MethodDescriptor<Empty, Empty> method, String name) {
    try {
      ClientCalls.blockingUnary(channel, method, options(), Empty.getDefaultInstance());
      throw new AssertionError(name + ": call succeeded");
    } catch (StatusException e) {
      check(e.status().code() == Status.Code.UNIMPLEMENTED, name + ": " + e.status());
    }
  }

  // ---- soak ----

  void rpcSoak() {
    for (int i = 0; i < soakIterations; i++) {
      largeUnary(channel);
    }
  }

  void channelSoak() throws InterruptedException {
    for (int i = 0; i < soakIterations; i++) {
      Channel ch = newChannel.get();
      try {
        largeUnary(ch);
      } finally {
        ch.close();
      }
    }
  }

  // ---- helpers ----

  private static boolean allZero(ByteString b) {
    for (int i = 0; i < b.size(); i++) {
      if (b.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static String describe(StreamingOutputCallResponse r) {
    return r == null ? "none" : r.getPayload().getBody().size() + " bytes";
  }
}
