package dev.sluice.stub;

import static dev.sluice.stub.Harness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.RetryPushback;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.telemetry.ServerCallTracer;
import dev.sluice.telemetry.ServerTelemetry;
import dev.sluice.telemetry.TelemetryScope;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hooks tracing is built on, without any tracing library: a server tracer sees the request
 * headers before the handler runs and its scope is entered wherever the application's handler
 * code runs (blocking handlers, each callback of async ones); an attempt tracer's headers reach
 * the server, each attempt with its own.
 */
class TelemetryHooksTest {

  private static final MethodDescriptor<String, String> UNARY =
      Strings.method("Unary", MethodType.UNARY);
  private static final MethodDescriptor<String, String> BIDI =
      Strings.method("Bidi", MethodType.BIDI_STREAMING);
  private static final MethodDescriptor<String, String> FLAKY =
      Strings.method("Flaky", MethodType.UNARY);

  /** How many tracer scopes are open on this thread. */
  private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);

  private final List<String> seenByTracer = new CopyOnWriteArrayList<>();
  private final List<List<String>> seenByHandler = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private Server server;
  private Channel channel;

  /** Enters a scope that counts itself, after noting the request's {@code x-trace}. */
  private final ServerTelemetry serverTelemetry = (name, registered) -> new ServerCallTracer() {
    @Override
    public void requestHeaders(Metadata headers) {
      seenByTracer.add(name + " " + headers.get("x-trace"));
    }

    @Override
    public TelemetryScope enterHandler() {
      DEPTH.set(DEPTH.get() + 1);
      return () -> DEPTH.set(DEPTH.get() - 1);
    }

    @Override
    public void callEnded(Status status) {}
  };

  /** Gives each attempt's headers {@code x-attempt: N}, in a copy. */
  private final ClientTelemetry clientTelemetry = (method, target) -> {
    AtomicInteger attempts = new AtomicInteger();
    return new ClientCallTracer() {
      @Override
      public AttemptTracer attemptStarted(dev.sluice.telemetry.AttemptKind kind, long delay) {
        int n = attempts.incrementAndGet();
        return new AttemptTracer() {
          @Override
          public Metadata requestHeaders(Metadata headers) {
            return new Metadata(headers).add("x-attempt", Integer.toString(n));
          }

          @Override
          public void attemptEnded(Status status) {}
        };
      }

      @Override
      public void callEnded(Status status) {}
    };
  };

  private void start() throws Exception {
    String name = "telemetry-hooks-" + UUID.randomUUID();
    server = Server.builder().listener(new InProcessServerListener(name))
        .telemetry(serverTelemetry)
        .addMethod(UNARY, ServerCalls.<String, String>unary((req, ctx) -> "depth " + DEPTH.get()))
        .addMethod(BIDI, ServerCalls.<String, String>asyncBidi(responses ->
            new StreamObserver<>() {
              @Override
              public void onNext(String value) {
                responses.onNext("depth " + DEPTH.get());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                responses.onNext("depth " + DEPTH.get());
                responses.onCompleted();
              }
            }))
        .addMethod(FLAKY, call -> {
          seenByHandler.add(call.requestHeaders().getAll("x-attempt"));
          // Trailers-only, so that the client may retry.
          if (failures.getAndIncrement() == 0) {
            call.startBatch(new Batch().sendStatusFromServer(Status.UNAVAILABLE,
                RetryPushback.retryAfter(Duration.ZERO)), (b, ok) -> {});
            return;
          }
          call.startBatch(new Batch().recvMessage(), (got, ok) -> call.startBatch(new Batch()
              .sendInitialMetadata(new Metadata()).sendMessage(got.message())
              .sendStatusFromServer(Status.OK, new Metadata()), (b, sent) -> {}));
        })
        .build().start();
    channel = Channel.builder(new InProcessConnector(name)).telemetry(clientTelemetry)
        .defaultServiceConfig("{\"methodConfig\": [{\"name\": [{\"service\": \""
            + FLAKY.fullName().substring(0, FLAKY.fullName().indexOf('/')) + "\"}],"
            + " \"retryPolicy\": {\"maxAttempts\": 2, \"initialBackoff\": \"10s\","
            + " \"maxBackoff\": \"10s\", \"backoffMultiplier\": 1,"
            + " \"retryableStatusCodes\": [\"UNAVAILABLE\"]}}]}")
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    if (server != null) {
      server.shutdownNow();
      assertThat(server.awaitTermination(WAIT)).isTrue();
    }
  }

  @Test
  void blockingHandler_runsInsideTheTracersScope_afterItSawTheHeaders() throws Exception {
    start();
    Metadata headers = new Metadata().add("x-trace", "t1");

    String reply = ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, headers, "x");

    // The server enters the scope around the handler's start on the transport thread, where a
    // one-request blocking handler only asks for its request; the handler's code runs on the
    // executor inside the scope the stub enters with the call's context: exactly one is open there.
    assertThat(reply).isEqualTo("depth 1");
    assertThat(seenByTracer).containsExactly(UNARY.fullName() + " t1");
  }

  @Test
  void asyncHandler_everyCallbackRunsInsideTheTracersScope() throws Exception {
    start();
    List<String> replies = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<String> requests = ClientCalls.asyncStreaming(channel, BIDI,
        CallOptions.DEFAULT, new Metadata().add("x-trace", "t2"), new StreamObserver<>() {
          @Override
          public void onNext(String value) {
            replies.add(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    requests.onNext("a");
    requests.onNext("b");
    requests.onCompleted();
    done.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // Callbacks run on transport threads, outside the handler's start: the stub's scope only.
    assertThat(replies).hasSize(3).allSatisfy(r -> assertThat(r).startsWith("depth "))
        .noneMatch(r -> r.equals("depth 0"));
    assertThat(seenByTracer).containsExactly(BIDI.fullName() + " t2");
  }

  @Test
  void attemptTracer_addsToACopy_eachAttemptCarriesOnlyItsOwn() throws Exception {
    start();
    Metadata headers = new Metadata().add("x-trace", "t3");

    assertThat(ClientCalls.blockingUnary(channel, FLAKY, CallOptions.DEFAULT, headers, "r"))
        .isEqualTo("r");

    assertThat(seenByHandler).containsExactly(List.of("1"), List.of("2"));
    assertThat(headers.containsKey("x-attempt")).as("the application's headers").isFalse();
  }
}
