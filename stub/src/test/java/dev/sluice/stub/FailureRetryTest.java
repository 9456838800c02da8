package dev.sluice.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.RetryPushback;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stub handler's failure before any response goes out trailers-only, so it leaves the call
 * uncommitted (gRFC A6) and the client's retry policy retries it, over the in-process transport
 * and HTTP/2. A failure after a response is committed and is not retried.
 */
class FailureRetryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final MethodDescriptor<String, String> UNARY =
      Strings.method("Unary", MethodType.UNARY);
  private static final MethodDescriptor<String, String> ASYNC_UNARY =
      Strings.method("AsyncUnary", MethodType.UNARY);
  private static final MethodDescriptor<String, String> SPLIT =
      Strings.method("Split", MethodType.SERVER_STREAMING);

  /** Three attempts for UNAVAILABLE; a backoff short enough for a test, never asserted. */
  private static final String RETRY_CONFIG = "{\"methodConfig\": [{\"name\": [{\"service\": \""
      + Strings.SERVICE + "\"}], \"retryPolicy\": {\"maxAttempts\": 3,"
      + " \"initialBackoff\": \"0.01s\", \"maxBackoff\": \"0.05s\", \"backoffMultiplier\": 2,"
      + " \"retryableStatusCodes\": [\"UNAVAILABLE\"]}}]}";

  private final AtomicInteger attempts = new AtomicInteger();
  private Server server;
  private Channel channel;

  private void start(String transport, Consumer<Server.Builder> methods) throws Exception {
    Server.Builder b = Server.builder();
    methods.accept(b);
    Channel.Builder cb;
    if (transport.equals("inproc")) {
      String name = "failure-retry-" + UUID.randomUUID();
      server = b.listener(new InProcessServerListener(name)).build().start();
      cb = Channel.builder(new InProcessConnector(name));
    } else {
      NettyServerListener l = NettyServerListener.forAddress(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
      server = b.listener(l).build().start();
      cb = Channel.builder("ipv4:127.0.0.1:" + ((InetSocketAddress) l.boundAddress()).getPort());
    }
    channel = cb.defaultServiceConfig(RETRY_CONFIG).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    if (server != null) {
      server.shutdownNow();
      assertThat(server.awaitTermination(WAIT)).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void blockingUnary_throwsUnavailableEveryTime_serverSeesEveryAttempt(String transport)
      throws Exception {
    start(transport, b -> b.addMethod(UNARY, ServerCalls.<String, String>unary((req, ctx) -> {
      attempts.incrementAndGet();
      throw Status.UNAVAILABLE.withDescription("busy").asException();
    })));

    assertThatThrownBy(() -> ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, "hi"))
        .isInstanceOfSatisfying(StatusException.class,
            e -> assertThat(e.status()).isEqualTo(Status.UNAVAILABLE.withDescription("busy")));
    assertThat(attempts).hasValue(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void blockingUnary_throwsUnavailableTwice_theThirdAttemptAnswers(String transport)
      throws Exception {
    start(transport, b -> b.addMethod(UNARY, ServerCalls.<String, String>unary((req, ctx) -> {
      if (attempts.incrementAndGet() < 3) {
        throw Status.UNAVAILABLE.withDescription("busy").asException();
      }
      return "hello " + req;
    })));

    assertThat(ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, "hi"))
        .isEqualTo("hello hi");
    assertThat(attempts).hasValue(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void asyncUnary_onErrorUnavailableWithPushback_isRetried(String transport) throws Exception {
    start(transport, b -> b.addMethod(ASYNC_UNARY,
        ServerCalls.<String, String>asyncUnary((req, responses) -> {
          if (attempts.incrementAndGet() < 3) {
            // The pushback is honoured only from the trailers of an uncommitted attempt.
            responses.context().trailers().addAll(RetryPushback.retryAfter(Duration.ZERO));
            responses.onError(Status.UNAVAILABLE.withDescription("busy").asException());
            return;
          }
          responses.onNext("hello " + req);
          responses.onCompleted();
        })));

    assertThat(ClientCalls.blockingUnary(channel, ASYNC_UNARY, CallOptions.DEFAULT, "hi"))
        .isEqualTo("hello hi");
    assertThat(attempts).hasValue(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_responseHeadersSetThenFails_isRetriedAndTheHeadersArriveInTheTrailers(
      String transport) throws Exception {
    start(transport, b -> b.addMethod(UNARY, ServerCalls.<String, String>unary((req, ctx) -> {
      attempts.incrementAndGet();
      ctx.setResponseHeaders(new Metadata().add("x-server", "here"));
      ctx.trailers().add("x-trailer", "too");
      throw Status.UNAVAILABLE.withDescription("busy").asException();
    })));

    assertThatThrownBy(() -> ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, "hi"))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.trailers().get("x-server")).isEqualTo("here");
          assertThat(e.trailers().get("x-trailer")).isEqualTo("too");
        });
    assertThat(attempts).hasValue(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void serverStreaming_failsAfterAResponse_isCommittedAndNotRetried(String transport)
      throws Exception {
    start(transport, b -> b.addMethod(SPLIT,
        ServerCalls.<String, String>serverStreaming((req, responses) -> {
          attempts.incrementAndGet();
          responses.write("first");
          throw Status.UNAVAILABLE.withDescription("gone mid-stream").asException();
        })));

    try (BlockingClientCall<String, String> call = ClientCalls.blockingServerStreaming(
        channel, SPLIT, CallOptions.DEFAULT, new Metadata(), "hi")) {
      assertThat(call.read()).isEqualTo("first");
      assertThat(call.finish()).isEqualTo(Status.UNAVAILABLE.withDescription("gone mid-stream"));
    }
    assertThat(attempts).hasValue(1);
  }
}
