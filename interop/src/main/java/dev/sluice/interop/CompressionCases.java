package dev.sluice.interop;

import io.grpc.testing.integration.Messages.BoolValue;
import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamOpBatch;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import java.time.Duration;

/**
 * The four compression cases on the client side, on the core batch API: it sends each message
 * compressed or not, and sees whether each response came compressed.
 */
final class CompressionCases {

  private static final BoolValue TRUE = BoolValue.newBuilder().setValue(true).build();
  private static final BoolValue FALSE = BoolValue.newBuilder().setValue(false).build();

  private final Channel channel;

  CompressionCases(Channel channel) {
    this.channel = channel;
  }

  private static CallOptions options(boolean compress) {
    CallOptions o = CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30));
    return compress ? o.withCompression("gzip") : o;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  /** One unary call; returns the finished batch. */
  private Batch unary(SimpleRequest req, boolean compress) throws InterruptedException {
    Call call = channel.newCall(TestServiceMethods.UNARY_CALL, options(compress));
    Batch b = new Batch().sendInitialMetadata(new Metadata()).sendMessage(req)
        .sendCloseFromClient().recvInitialMetadata().recvMessage().recvStatusOnClient();
    Await.batch(call, b);
    return b;
  }

  void clientCompressedUnary() throws InterruptedException {
    clientCompressedUnary(true);
  }

  /**
   * @param probe first check that the server rejects an uncompressed request marked as
   *     compressed (the "_noprobe" variant skips it, for servers that do not check)
   */
  void clientCompressedUnary(boolean probe) throws InterruptedException {
    SimpleRequest.Builder req = SimpleRequest.newBuilder().setResponseSize(314159)
        .setPayload(TestServiceImpl.payload(271828));
    if (probe) {
      Batch p = unary(req.setExpectCompressed(TRUE).build(), false);
      check(p.status().code() == Status.Code.INVALID_ARGUMENT,
          "client_compressed_unary: uncompressed probe got " + p.status());
    }
    Batch compressed = unary(req.setExpectCompressed(TRUE).build(), true);
    checkUnaryReply(compressed, "compressed request");
    Batch plain = unary(req.setExpectCompressed(FALSE).build(), false);
    checkUnaryReply(plain, "uncompressed request");
  }

  void serverCompressedUnary() throws InterruptedException {
    SimpleRequest.Builder req = SimpleRequest.newBuilder().setResponseSize(314159)
        .setPayload(TestServiceImpl.payload(271828));
    Batch compressed = unary(req.setResponseCompressed(TRUE).build(), false);
    checkUnaryReply(compressed, "compressed response");
    check(compressed.messageArrivedCompressed(),
        "server_compressed_unary: the response asked to be compressed was not");
    Batch plain = unary(req.setResponseCompressed(FALSE).build(), false);
    checkUnaryReply(plain, "uncompressed response");
    check(!plain.messageArrivedCompressed(),
        "server_compressed_unary: the response asked to be uncompressed was compressed");
  }

  private static void checkUnaryReply(Batch b, String what) {
    check(b.status().isOk(), "compressed unary (" + what + "): status " + b.status());
    SimpleResponse r = b.message();
    check(r != null && r.getPayload().getBody().size() == 314159,
        "compressed unary (" + what + "): wrong response");
  }

  void clientCompressedStreaming() throws InterruptedException {
    clientCompressedStreaming(true);
  }

  /** @param withProbe as for {@link #clientCompressedUnary(boolean)} */
  void clientCompressedStreaming(boolean withProbe) throws InterruptedException {
    if (withProbe) {
      Call probe = channel.newCall(TestServiceMethods.STREAMING_INPUT_CALL, options(false));
      Batch p = new Batch().sendInitialMetadata(new Metadata())
          .sendMessage(StreamingInputCallRequest.newBuilder().setExpectCompressed(TRUE)
              .setPayload(TestServiceImpl.payload(27182)).build())
          .sendCloseFromClient().recvMessage().recvStatusOnClient();
      Await.batch(probe, p);
      check(p.status().code() == Status.Code.INVALID_ARGUMENT,
          "client_compressed_streaming: uncompressed probe got " + p.status());
    }

    Call call = channel.newCall(TestServiceMethods.STREAMING_INPUT_CALL, options(true));
    Await.batch(call, new Batch().sendInitialMetadata(new Metadata())
        .sendMessage(StreamingInputCallRequest.newBuilder().setExpectCompressed(TRUE)
            .setPayload(TestServiceImpl.payload(27182)).build()));
    Await.batch(call, new Batch()
        .sendMessage(StreamingInputCallRequest.newBuilder().setExpectCompressed(FALSE)
            .setPayload(TestServiceImpl.payload(45904)).build(), StreamOpBatch.FLAG_NO_COMPRESS));
    Batch end = new Batch().sendCloseFromClient().recvMessage().recvStatusOnClient();
    Await.batch(call, end);
    check(end.status().isOk(), "client_compressed_streaming: status " + end.status());
    StreamingInputCallResponse r = end.message();
    check(r != null && r.getAggregatedPayloadSize() == 73086,
        "client_compressed_streaming: aggregated size " + r);
  }

  void serverCompressedStreaming() throws InterruptedException {
    serverCompressedStreaming(true);
  }

  /**
   * @param checkFlags also check that each response came compressed or not as asked (the
   *     "_nocheck" variant checks only sizes, as grpc-java's client does, for servers that
   *     ignore per-response compression)
   */
  void serverCompressedStreaming(boolean checkFlags) throws InterruptedException {
    Call call = channel.newCall(TestServiceMethods.STREAMING_OUTPUT_CALL, options(false));
    StreamingOutputCallRequest req = StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setCompressed(TRUE).setSize(31415))
        .addResponseParameters(ResponseParameters.newBuilder().setCompressed(FALSE)
            .setSize(92653))
        .build();
    Await.batch(call, new Batch().sendInitialMetadata(new Metadata()).sendMessage(req)
        .sendCloseFromClient());
    Batch first = new Batch().recvMessage();
    Await.batch(call, first);
    StreamingOutputCallResponse r1 = first.message();
    check(r1 != null && r1.getPayload().getBody().size() == 31415,
        "server_compressed_streaming: first response");
    check(!checkFlags || first.messageArrivedCompressed(),
        "server_compressed_streaming: the first response was not compressed");
    Batch second = new Batch().recvMessage();
    Await.batch(call, second);
    StreamingOutputCallResponse r2 = second.message();
    check(r2 != null && r2.getPayload().getBody().size() == 92653,
        "server_compressed_streaming: second response");
    check(!checkFlags || !second.messageArrivedCompressed(),
        "server_compressed_streaming: the second response was compressed");
    Batch end = new Batch().recvMessage().recvStatusOnClient();
    Await.batch(call, end);
    check(end.message() == null && end.status().isOk(),
        "server_compressed_streaming: end " + end.status());
  }
}
