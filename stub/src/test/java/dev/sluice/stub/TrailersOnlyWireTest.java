package dev.sluice.stub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.NettyH2Client.Data;
import dev.sluice.stub.NettyH2Client.Frame;
import dev.sluice.stub.NettyH2Client.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a stub handler's status looks like on the HTTP/2 wire, seen by Netty's HTTP/2 client: a
 * failure before any response is one HEADERS frame with END_STREAM (gRPC's Trailers-Only), an
 * answer or a failure after a response has its headers first.
 */
class TrailersOnlyWireTest {

  private static final long WAIT_SECONDS = 30;
  private static final MethodDescriptor<String, String> FAIL =
      Strings.method("Fail", MethodType.UNARY);
  private static final MethodDescriptor<String, String> FAIL_ASYNC =
      Strings.method("FailAsync", MethodType.UNARY);
  private static final MethodDescriptor<String, String> THROW =
      Strings.method("Throw", MethodType.UNARY);
  private static final MethodDescriptor<String, String> ANSWER =
      Strings.method("Answer", MethodType.UNARY);
  private static final MethodDescriptor<String, String> NOTHING =
      Strings.method("Nothing", MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<String, String> FAIL_LATE =
      Strings.method("FailLate", MethodType.SERVER_STREAMING);

  private Server server;
  private NettyH2Client client;

  @BeforeEach
  void start() throws Exception {
    NettyServerListener l = NettyServerListener.forAddress(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
    server = Server.builder().listener(l)
        .addMethod(FAIL, ServerCalls.<String, String>unary((req, ctx) -> {
          ctx.setResponseHeaders(new Metadata().add("x-server", "here"));
          ctx.trailers().add("x-trailer", "too");
          throw Status.UNAVAILABLE.withDescription("busy").asException();
        }))
        .addMethod(FAIL_ASYNC, ServerCalls.<String, String>asyncUnary((req, responses) ->
            responses.onError(Status.UNAVAILABLE.withDescription("busy").asException())))
        .addMethod(THROW, ServerCalls.<String, String>unary((req, ctx) -> {
          throw new IllegalStateException("a bug in the handler");
        }))
        .addMethod(ANSWER, ServerCalls.<String, String>unary((req, ctx) -> {
          ctx.setResponseHeaders(new Metadata().add("x-server", "here"));
          return "hello " + req;
        }))
        .addMethod(NOTHING, ServerCalls.<String, String>serverStreaming((req, responses) -> {}))
        .addMethod(FAIL_LATE, ServerCalls.<String, String>serverStreaming((req, responses) -> {
          responses.write("first");
          throw Status.UNAVAILABLE.withDescription("gone").asException();
        }))
        .build().start();
    client = new NettyH2Client((InetSocketAddress) l.boundAddress());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    server.shutdownNow();
    assertThat(server.awaitTermination(java.time.Duration.ofSeconds(WAIT_SECONDS))).isTrue();
  }

  private List<Frame> call(MethodDescriptor<?, ?> method) throws Exception {
    return client.unary(method.path(), "hi", WAIT_SECONDS);
  }

  @Test
  void blockingUnary_throwsStatusException_isOneHeadersFrameWithEndStream() throws Exception {
    List<Frame> frames = call(FAIL);

    assertThat(frames).hasSize(1);
    Headers only = (Headers) frames.get(0);
    assertThat(only.endStream()).isTrue();
    assertThat(only.fields()).containsEntry(":status", "200")
        .containsEntry("content-type", "application/grpc")
        .containsEntry("grpc-status", "14")
        .containsEntry("grpc-message", "busy")
        .containsEntry("x-server", "here")
        .containsEntry("x-trailer", "too");
  }

  @Test
  void asyncUnary_onError_isOneHeadersFrameWithEndStream() throws Exception {
    List<Frame> frames = call(FAIL_ASYNC);

    assertThat(frames).hasSize(1);
    assertThat(((Headers) frames.get(0)).endStream()).isTrue();
    assertThat(((Headers) frames.get(0)).fields()).containsEntry("grpc-status", "14");
  }

  @Test
  void blockingUnary_throwsOtherException_isOneHeadersFrameWithUnknown() throws Exception {
    List<Frame> frames = call(THROW);

    assertThat(frames).hasSize(1);
    assertThat(((Headers) frames.get(0)).endStream()).isTrue();
    assertThat(((Headers) frames.get(0)).fields()).containsEntry("grpc-status", "2");
  }

  @Test
  void blockingUnary_answers_headersThenDataThenTrailers() throws Exception {
    List<Frame> frames = call(ANSWER);

    assertThat(frames).hasSize(3);
    assertThat(frames.get(0)).isInstanceOfSatisfying(Headers.class, h -> {
      assertThat(h.endStream()).isFalse();
      assertThat(h.fields()).containsEntry("x-server", "here").doesNotContainKey("grpc-status");
    });
    assertThat(frames.get(1)).isInstanceOfSatisfying(Data.class,
        d -> assertThat(d.endStream()).isFalse());
    assertThat(frames.get(2)).isEqualTo(new Headers(Map.of("grpc-status", "0"), true));
  }

  @Test
  void serverStreaming_endsOkWithoutResponses_stillSendsHeadersBeforeTrailers() throws Exception {
    List<Frame> frames = call(NOTHING);

    assertThat(frames).hasSize(2);
    assertThat(((Headers) frames.get(0)).endStream()).isFalse();
    assertThat(frames.get(1)).isEqualTo(new Headers(Map.of("grpc-status", "0"), true));
  }

  @Test
  void serverStreaming_failsAfterAResponse_headersThenDataThenTrailers() throws Exception {
    List<Frame> frames = call(FAIL_LATE);

    assertThat(frames).hasSize(3);
    assertThat(((Headers) frames.get(0)).endStream()).isFalse();
    assertThat(frames.get(1)).isInstanceOf(Data.class);
    assertThat(frames.get(2)).isEqualTo(
        new Headers(Map.of("grpc-status", "14", "grpc-message", "gone"), true));
  }
}
