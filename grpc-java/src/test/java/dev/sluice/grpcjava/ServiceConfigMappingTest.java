package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * grpc-java's service config options on {@link SluiceChannelBuilder}, end to end over Sluice's
 * HTTP/2: a server (built with {@link SluiceServerBuilder}) fails the first calls it gets
 * UNAVAILABLE, and the channel's default service config decides what is retried.
 */
class ServiceConfigMappingTest {

  private static final MethodDescriptor<String, String> UNARY =
      Utf8Methods.unary("test.Retry/Unary");

  private static final MethodDescriptor<String, String> STALL =
      Utf8Methods.unary("test.Retry/Stall");

  private final AtomicInteger toFail = new AtomicInteger();
  private final AtomicInteger toStall = new AtomicInteger();
  private final List<String> previousAttempts = new CopyOnWriteArrayList<>();
  private SluiceServer server;
  private ManagedChannel channel;

  @BeforeEach
  void startServer() throws Exception {
    ServerServiceDefinition service = ServerServiceDefinition.builder("test.Retry")
        .addMethod(UNARY, ServerCalls.asyncUnaryCall((req, out) -> {
          if (toFail.getAndDecrement() > 0) {
            out.onError(Status.UNAVAILABLE.withDescription("planned failure").asException());
          } else {
            out.onNext("echo " + req);
            out.onCompleted();
          }
        }))
        .addMethod(STALL, ServerCalls.asyncUnaryCall((req, out) -> {
          if (toStall.getAndDecrement() <= 0) { // else never answered: the client gives up
            out.onNext("answered " + req);
            out.onCompleted();
          }
        })).build();
    Metadata.Key<String> previous =
        Metadata.Key.of("grpc-previous-rpc-attempts", Metadata.ASCII_STRING_MARSHALLER);
    ServerInterceptor recorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String p = headers.get(previous);
        previousAttempts.add(p == null ? "-" : p);
        return next.startCall(call, headers);
      }
    };
    server = SluiceServerBuilder.forPort(0).addService(service).intercept(recorder).build()
        .start();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    server.shutdownNow();
    assertThat(server.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** grpc-java's parsed-JSON form: numbers are Doubles. */
  private static Map<String, ?> retryConfig(double maxAttempts) {
    return Map.of("methodConfig", List.of(Map.of(
        "name", List.of(Map.of("service", "test.Retry")),
        "retryPolicy", Map.of(
            "maxAttempts", maxAttempts,
            "initialBackoff", "0.01s",
            "maxBackoff", "0.05s",
            "backoffMultiplier", 2.0,
            "retryableStatusCodes", List.of("UNAVAILABLE")))));
  }

  private SluiceChannelBuilder channelBuilder() {
    return SluiceChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext();
  }

  private String call(String request) {
    return ClientCalls.blockingUnaryCall(channel, UNARY,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), request);
  }

  @Test
  void defaultServiceConfig_retryPolicy_retriesUnavailableUntilTheServerAnswers() {
    toFail.set(2);
    channel = channelBuilder().defaultServiceConfig(retryConfig(4.0)).build();

    assertThat(call("hi")).isEqualTo("echo hi");
    assertThat(previousAttempts).containsExactly("-", "1", "2");
  }

  @Test
  void maxRetryAttempts_belowThePolicys_capsItsAttempts() {
    toFail.set(3);
    channel = channelBuilder().defaultServiceConfig(retryConfig(4.0)).maxRetryAttempts(2).build();

    assertThatThrownBy(() -> call("hi")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(previousAttempts).containsExactly("-", "1");
  }

  @Test
  void maxRetryAttempts_one_dropsTheRetryPolicy() {
    toFail.set(1);
    channel = channelBuilder().maxRetryAttempts(1).defaultServiceConfig(retryConfig(4.0)).build();

    assertThatThrownBy(() -> call("hi")).isInstanceOf(StatusRuntimeException.class);
    assertThat(previousAttempts).containsExactly("-");
  }

  @Test
  void maxHedgedAttempts_belowThePolicys_capsTheHedgesSent() {
    toStall.set(3); // a fourth attempt would be answered
    channel = channelBuilder().maxHedgedAttempts(2).defaultServiceConfig(Map.of("methodConfig",
        List.of(Map.of("name", List.of(Map.of("service", "test.Retry")),
            "hedgingPolicy", Map.of("maxAttempts", 4.0, "hedgingDelay", "0.05s"))))).build();

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, STALL,
        CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS), "hi"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(previousAttempts).containsExactlyInAnyOrder("-", "1");
  }

  @Test
  void hedgingPolicy_uncapped_sendsHedgesUntilOneIsAnswered() {
    toStall.set(2);
    channel = channelBuilder().defaultServiceConfig(Map.of("methodConfig",
        List.of(Map.of("name", List.of(Map.of("service", "test.Retry")),
            "hedgingPolicy", Map.of("maxAttempts", 4.0, "hedgingDelay", "0.05s"))))).build();

    String reply = ClientCalls.blockingUnaryCall(channel, STALL,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), "hi");

    assertThat(reply).isEqualTo("answered hi");
    assertThat(previousAttempts).contains("-", "1", "2");
  }

  @Test
  void disableRetry_withARetryPolicy_makesOneAttempt() {
    toFail.set(1);
    channel = channelBuilder().defaultServiceConfig(retryConfig(4.0)).disableRetry().build();

    assertThatThrownBy(() -> call("hi")).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getDescription()).contains("planned failure"));
    assertThat(previousAttempts).containsExactly("-");
  }

  @Test
  void enableRetry_afterDisableRetry_retriesAgain() {
    toFail.set(1);
    channel = channelBuilder().defaultServiceConfig(retryConfig(3.0)).disableRetry().enableRetry()
        .disableServiceConfigLookUp().build();

    assertThat(call("hi")).isEqualTo("echo hi");
    assertThat(previousAttempts).containsExactly("-", "1");
  }

  @Test
  void perRpcBufferLimit_smallerThanTheRequest_commitsTheCallToItsFirstAttempt() {
    toFail.set(1);
    channel = channelBuilder().defaultServiceConfig(retryConfig(4.0)).perRpcBufferLimit(4)
        .build();

    assertThatThrownBy(() -> call("a request longer than four bytes"))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(previousAttempts).containsExactly("-");
  }

  @Test
  void retryBufferSize_smallerThanTheRequest_commitsTheCallToItsFirstAttempt() {
    toFail.set(1);
    channel = channelBuilder().defaultServiceConfig(retryConfig(4.0)).retryBufferSize(4).build();

    assertThatThrownBy(() -> call("a request longer than four bytes"))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(previousAttempts).containsExactly("-");
  }

  @Test
  void defaultServiceConfig_rejectedBySluicesParser_failsBuildNamingThePath() {
    SluiceChannelBuilder b = channelBuilder().defaultServiceConfig(Map.of("methodConfig",
        List.of(Map.of("name", List.of(Map.of("service", "test.Retry")),
            "retryPolicy", Map.of("maxAttempts", 3.0)))));

    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryPolicy");
  }

  @Test
  void defaultServiceConfig_valueJsonCannotHold_isRejectedAtOnce() {
    assertThatThrownBy(() -> channelBuilder().defaultServiceConfig(
        Map.of("methodConfig", List.of(Map.of("timeout", new Object())))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serviceConfig.methodConfig[0].timeout");
  }
}
