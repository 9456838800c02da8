package dev.sluice.opentelemetry;

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
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.stub.ClientCallStreamObserver;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.ServerCalls;
import dev.sluice.stub.StreamObserver;
import dev.sluice.testing.Marshallers;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spans of calls, read back from the real OpenTelemetry SDK through its in-memory exporter,
 * over the in-process transport and HTTP/2 on loopback: the client's call span with its attempt
 * spans, the server's span under the attempt whose request headers carried its context, their
 * statuses for OK, failed, cancelled and deadline-exceeded calls, and the application's own spans
 * nesting under the server's span in blocking and async handlers.
 */
class TracesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ids = new AtomicInteger();
  private static final String SERVICE = "otel.trace.Echo";

  static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> ASYNC = method("Async", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> ASYNC_BIDI =
      method("AsyncBidi", MethodType.BIDI_STREAMING);
  static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> FLAKY = method("Flaky", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> SLOW_FIRST = method("SlowFirst", MethodType.UNARY);

  private final SpanRecorder recorder = new SpanRecorder();
  private final Tracer app = recorder.sdk.getTracer("app");
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch hanging = new CountDownLatch(1);
  private final AtomicInteger flakyFailures = new AtomicInteger();
  private final AtomicInteger slowFirstCalls = new AtomicInteger();
  private Server server;
  private Channel channel;

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
    return MethodDescriptor.create(SERVICE + "/" + name, type, Marshallers.BYTES,
        Marshallers.BYTES);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A span of the application's, started and ended where the handler's code runs. */
  private void appSpan(String name) {
    app.spanBuilder(name).startSpan().end();
  }

  private void start(String transport, SluiceOpenTelemetry otel, String serviceConfig)
      throws Exception {
    Server.Builder b = Server.builder()
        .addMethod(UNARY, ServerCalls.<byte[], byte[]>unary((req, ctx) -> {
          appSpan("app.blocking");
          if (text(req).startsWith("fail")) {
            throw Status.INVALID_ARGUMENT.withDescription("asked to fail").asException();
          }
          // Answers what arrived: the baggage and whether a trace context came.
          String tenant = Baggage.current().getEntryValue("tenant");
          String traceparent = ctx.requestHeaders().get("traceparent");
          return bytes(tenant + " " + (traceparent != null));
        }))
        .addMethod(ASYNC, ServerCalls.<byte[], byte[]>asyncUnary((req, responses) -> {
          appSpan("app.async");
          CompletableFuture.runAsync(() -> {
            responses.onNext(req);
            responses.onCompleted();
          });
        }))
        .addMethod(ASYNC_BIDI, ServerCalls.<byte[], byte[]>asyncBidi(responses ->
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {
                appSpan("app.onNext");
                responses.onNext(value);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                appSpan("app.onCompleted");
                responses.onCompleted();
              }
            }))
        .addMethod(HANG, ServerCalls.<byte[], byte[]>unary((req, ctx) -> {
          hanging.countDown();
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          throw Status.UNAVAILABLE.withDescription("released").asException();
        }))
        .addMethod(SLOW_FIRST, ServerCalls.<byte[], byte[]>unary((req, ctx) -> {
          if (slowFirstCalls.getAndIncrement() == 0) {
            hanging.countDown();
            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // until the hedge wins
          }
          return req;
        }))
        .addMethod(FLAKY, call -> {
          // Raw batches: a failure must go out trailers-only for the client to retry it.
          if (flakyFailures.getAndDecrement() > 0) {
            call.startBatch(new Batch().sendStatusFromServer(
                Status.UNAVAILABLE.withDescription("try again"),
                RetryPushback.retryAfter(Duration.ZERO)), (done, ok) -> {});
            return;
          }
          call.startBatch(new Batch().recvMessage(), (got, ok) -> call.startBatch(new Batch()
              .sendInitialMetadata(new Metadata()).sendMessage(got.message())
              .sendStatusFromServer(Status.OK, new Metadata()), (done, sent) -> {}));
        });
    Channel.Builder cb;
    if (transport.equals("inproc")) {
      String name = "otel-trace-" + ids.incrementAndGet();
      b.listener(new InProcessServerListener(name));
      server = otel.configure(b).build().start();
      cb = Channel.builder("inproc:" + name);
    } else {
      NettyServerListener l = NettyServerListener.forAddress(
          new InetSocketAddress("127.0.0.1", 0)).build();
      b.listener(l);
      server = otel.configure(b).build().start();
      cb = Channel.builder("ipv4:127.0.0.1:" + ((InetSocketAddress) l.boundAddress()).getPort());
    }
    if (serviceConfig != null) {
      cb.defaultServiceConfig(serviceConfig);
    }
    channel = otel.configure(cb).build();
  }

  private void start(String transport) throws Exception {
    start(transport, SluiceOpenTelemetry.builder(recorder.sdk).build(), null);
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    if (server != null) {
      server.shutdownNow();
      assertThat(server.awaitTermination(WAIT)).isTrue();
    }
    recorder.close();
  }

  private static String spanName(String prefix, MethodDescriptor<?, ?> m) {
    return prefix + "." + m.fullName().replace('/', '.');
  }

  private static void assertChild(SpanData child, SpanData parent) {
    assertThat(child.getTraceId()).as(child.getName() + "'s trace").isEqualTo(parent.getTraceId());
    assertThat(child.getParentSpanId()).as(child.getName() + "'s parent")
        .isEqualTo(parent.getSpanId());
  }

  private static long code(SpanData span) {
    return span.getAttributes().get(Spans.STATUS_CODE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_ok_callAttemptServerAndApplicationSpansFormOneTree(String transport)
      throws Exception {
    start(transport);
    Span request = app.spanBuilder("app.request").startSpan();
    byte[] reply;
    try (Scope ignored = Context.current().with(request)
        .with(Baggage.builder().put("tenant", "acme").build()).makeCurrent()) {
      reply = ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, bytes("hello"));
    } finally {
      request.end();
    }
    assertThat(text(reply)).isEqualTo("acme true");

    SpanData parent = recorder.one("app.request", WAIT);
    SpanData call = recorder.one(spanName("Sent", UNARY), WAIT);
    SpanData attempt = recorder.one(spanName("Attempt", UNARY), WAIT);
    SpanData recv = recorder.one(spanName("Recv", UNARY), WAIT);
    SpanData handler = recorder.one("app.blocking", WAIT);
    assertChild(call, parent);
    assertChild(attempt, call);
    assertChild(recv, attempt);
    assertChild(handler, recv);
    assertThat(recv.getParentSpanContext().isRemote()).isTrue();
    assertThat(call.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(recv.getKind()).isEqualTo(SpanKind.SERVER);
    for (SpanData s : List.of(call, attempt, recv)) {
      assertThat(s.getStatus().getStatusCode()).as(s.getName()).isEqualTo(StatusCode.UNSET);
      assertThat(code(s)).as(s.getName()).isZero();
      assertThat(s.getAttributes().get(Spans.RPC_SYSTEM)).isEqualTo("grpc");
      assertThat(s.getAttributes().get(Spans.RPC_SERVICE)).isEqualTo(SERVICE);
      assertThat(s.getAttributes().get(Spans.RPC_METHOD)).isEqualTo("Unary");
      assertThat(s.getEvents()).as("message events are off by default").isEmpty();
    }
    assertThat(attempt.getAttributes().get(Spans.PREVIOUS_ATTEMPTS)).isZero();
    assertThat(attempt.getAttributes().get(Spans.TRANSPARENT_RETRY)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_error_everySpanIsAnErrorWithTheCode(String transport) throws Exception {
    start(transport);
    Status s = callStatus(() -> ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT,
        bytes("fail!")));
    assertThat(s.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);

    for (String prefix : List.of("Sent", "Attempt", "Recv")) {
      SpanData span = recorder.one(spanName(prefix, UNARY), WAIT);
      assertThat(span.getStatus().getStatusCode()).as(prefix).isEqualTo(StatusCode.ERROR);
      assertThat(span.getStatus().getDescription()).as(prefix)
          .isEqualTo("INVALID_ARGUMENT: asked to fail");
      assertThat(code(span)).as(prefix).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    }
    // The application's span ends before the handler throws: it nests under the server's span.
    assertChild(recorder.one("app.blocking", WAIT), recorder.one(spanName("Recv", UNARY), WAIT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_cancelled_spansEndCancelled(String transport) throws Exception {
    start(transport);
    CompletableFuture<byte[]> f = ClientCalls.futureUnary(channel, HANG, CallOptions.DEFAULT,
        bytes("x"));
    assertThat(hanging.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    f.cancel(true);

    SpanData call = recorder.one(spanName("Sent", HANG), WAIT);
    SpanData attempt = recorder.one(spanName("Attempt", HANG), WAIT);
    SpanData recv = recorder.one(spanName("Recv", HANG), WAIT);
    assertChild(recv, attempt);
    for (SpanData span : List.of(call, attempt, recv)) {
      assertThat(span.getStatus().getStatusCode()).as(span.getName())
          .isEqualTo(StatusCode.ERROR);
      assertThat(code(span)).as(span.getName()).isEqualTo(Status.Code.CANCELLED.value());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_deadlineExceeded_spansEndWithTheDeadline(String transport) throws Exception {
    start(transport);
    Status s = callStatus(() -> ClientCalls.blockingUnary(channel, HANG,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)), bytes("x")));
    assertThat(s.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    SpanData call = recorder.one(spanName("Sent", HANG), WAIT);
    SpanData attempt = recorder.one(spanName("Attempt", HANG), WAIT);
    SpanData recv = recorder.one(spanName("Recv", HANG), WAIT);
    assertChild(attempt, call);
    assertChild(recv, attempt);
    assertThat(code(call)).isEqualTo(Status.Code.DEADLINE_EXCEEDED.value());
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(code(attempt)).isEqualTo(Status.Code.DEADLINE_EXCEEDED.value());
    // Each end records the deadline as it saw it: the client's reset may come first (CANCELLED).
    assertThat(recv.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(code(recv)).isIn((long) Status.Code.DEADLINE_EXCEEDED.value(),
        (long) Status.Code.CANCELLED.value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void asyncHandlers_applicationSpansNestUnderTheServerSpan(String transport) throws Exception {
    start(transport);
    assertThat(ClientCalls.blockingUnary(channel, ASYNC, CallOptions.DEFAULT, bytes("a")))
        .hasSize(1);
    assertChild(recorder.one("app.async", WAIT), recorder.one(spanName("Recv", ASYNC), WAIT));

    CompletableFuture<Integer> done = new CompletableFuture<>();
    AtomicInteger replies = new AtomicInteger();
    ClientCallStreamObserver<byte[]> requests = ClientCalls.asyncStreaming(channel, ASYNC_BIDI,
        CallOptions.DEFAULT, new Metadata(), new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) {
            replies.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(replies.get());
          }
        });
    for (int i = 0; i < 3; i++) {
      requests.onNext(bytes("m" + i));
    }
    requests.onCompleted();
    assertThat(done.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);

    SpanData recv = recorder.one(spanName("Recv", ASYNC_BIDI), WAIT);
    List<SpanData> callbacks = new ArrayList<>(recorder.await("app.onNext", 3, WAIT));
    callbacks.add(recorder.one("app.onCompleted", WAIT));
    for (SpanData s : callbacks) {
      assertChild(s, recv);
    }
  }

  @Test
  void retries_eachAttemptIsAChildOfTheCallSpan_andEachServerSpanOfItsAttempt()
      throws Exception {
    start("inproc", SluiceOpenTelemetry.builder(recorder.sdk).build(),
        "{\"methodConfig\": [{\"name\": [{\"service\": \"" + SERVICE + "\"}],"
            + " \"retryPolicy\": {\"maxAttempts\": 3, \"initialBackoff\": \"10s\","
            + " \"maxBackoff\": \"10s\", \"backoffMultiplier\": 1,"
            + " \"retryableStatusCodes\": [\"UNAVAILABLE\"]}}]}");
    flakyFailures.set(2); // the server's pushback of 0 ms retries at once

    assertThat(ClientCalls.blockingUnary(channel, FLAKY, CallOptions.DEFAULT, bytes("r")))
        .hasSize(1);

    SpanData call = recorder.one(spanName("Sent", FLAKY), WAIT);
    List<SpanData> attempts = new ArrayList<>(recorder.await(spanName("Attempt", FLAKY), 3, WAIT));
    attempts.sort(Comparator.comparing(s -> s.getAttributes().get(Spans.PREVIOUS_ATTEMPTS)));
    List<SpanData> recvs = recorder.await(spanName("Recv", FLAKY), 3, WAIT);
    assertThat(attempts).hasSize(3);
    for (int i = 0; i < 3; i++) {
      SpanData attempt = attempts.get(i);
      assertChild(attempt, call);
      assertThat(attempt.getAttributes().get(Spans.PREVIOUS_ATTEMPTS)).isEqualTo(i);
      assertThat(attempt.getAttributes().get(Spans.TRANSPARENT_RETRY)).isFalse();
      assertThat(code(attempt)).isEqualTo(i < 2 ? Status.Code.UNAVAILABLE.value() : 0);
      // Exactly one server span per attempt, under it.
      assertThat(recvs.stream().filter(r -> r.getParentSpanId().equals(attempt.getSpanId())))
          .hasSize(1);
    }
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void hedging_eachHedgeIsAChildOfTheCallSpan_theLoserEndsCancelled() throws Exception {
    start("inproc", SluiceOpenTelemetry.builder(recorder.sdk).build(),
        "{\"methodConfig\": [{\"name\": [{\"service\": \"" + SERVICE + "\"}],"
            + " \"hedgingPolicy\": {\"maxAttempts\": 2, \"hedgingDelay\": \"0.05s\"}}]}");

    assertThat(ClientCalls.blockingUnary(channel, SLOW_FIRST, CallOptions.DEFAULT, bytes("h")))
        .hasSize(1);

    SpanData call = recorder.one(spanName("Sent", SLOW_FIRST), WAIT);
    List<SpanData> attempts = recorder.await(spanName("Attempt", SLOW_FIRST), 2, WAIT);
    List<SpanData> recvs = recorder.await(spanName("Recv", SLOW_FIRST), 2, WAIT);
    assertThat(attempts).hasSize(2);
    assertThat(attempts).extracting(a -> a.getAttributes().get(Spans.PREVIOUS_ATTEMPTS))
        .containsExactlyInAnyOrder(0L, 1L);
    assertThat(attempts).extracting(TracesTest::code)
        .containsExactlyInAnyOrder(0L, (long) Status.Code.CANCELLED.value());
    for (SpanData attempt : attempts) {
      assertChild(attempt, call);
      assertThat(recvs.stream().filter(r -> r.getParentSpanId().equals(attempt.getSpanId())))
          .hasSize(1);
    }
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void messageEvents_whenAsked_recordEachMessageWithItsSize() throws Exception {
    start("h2", SluiceOpenTelemetry.builder(recorder.sdk).messageEvents(true).build(), null);
    ClientCalls.blockingUnary(channel, ASYNC, CallOptions.DEFAULT, bytes("hello"));

    SpanData call = recorder.one(spanName("Sent", ASYNC), WAIT);
    SpanData attempt = recorder.one(spanName("Attempt", ASYNC), WAIT);
    SpanData recv = recorder.one(spanName("Recv", ASYNC), WAIT);
    assertEvents(call, Spans.MESSAGE_SIZE);
    assertEvents(attempt, Spans.MESSAGE_SIZE_COMPRESSED);
    assertEvents(recv, Spans.MESSAGE_SIZE_COMPRESSED);
  }

  private static void assertEvents(SpanData span, io.opentelemetry.api.common.AttributeKey<Long>
      size) {
    List<EventData> events = span.getEvents();
    assertThat(events).extracting(EventData::getName).as(span.getName())
        .containsExactlyInAnyOrder(Spans.OUTBOUND, Spans.INBOUND);
    for (EventData e : events) {
      assertThat(e.getAttributes().get(Spans.SEQUENCE)).isZero();
      assertThat(e.getAttributes().get(size)).as(span.getName() + " " + e.getName())
          .isEqualTo(5);
    }
  }

  @Test
  void tracesOff_noSpansAndNoTraceContextOnTheWire() throws Exception {
    start("h2", SluiceOpenTelemetry.builder(recorder.sdk).traces(false).build(), null);
    Span request = app.spanBuilder("app.request").startSpan();
    byte[] reply;
    try (Scope ignored = request.makeCurrent()) {
      reply = ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, bytes("hello"));
    } finally {
      request.end();
    }
    assertThat(text(reply)).isEqualTo("null false");
    // The handler's own span has no server span to nest under: a root of its own trace.
    SpanData handler = recorder.one("app.blocking", WAIT);
    assertThat(handler.getParentSpanContext().isValid()).isFalse();
    assertThat(recorder.spans()).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("app.request", "app.blocking");
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  private static Status callStatus(Body body) {
    try {
      body.run();
    } catch (Exception e) {
      return Status.fromThrowable(e);
    }
    return Status.OK;
  }
}
