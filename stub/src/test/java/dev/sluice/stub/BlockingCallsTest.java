package dev.sluice.stub;

import static dev.sluice.stub.Harness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Status;
import dev.sluice.StatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Blocking client calls against blocking server handlers. */
class BlockingCallsTest {

  private static final MethodDescriptor<String, String> UNARY = Strings.method("Unary", MethodType.UNARY);
  private static final MethodDescriptor<String, String> SPLIT =
      Strings.method("Split", MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<String, String> JOIN =
      Strings.method("Join", MethodType.CLIENT_STREAMING);
  private static final MethodDescriptor<String, String> ECHO =
      Strings.method("Echo", MethodType.BIDI_STREAMING);

  private static Harness serve(ServerCalls.UnaryMethod<String, String> unary) throws Exception {
    return Harness.start(b -> b
        .addMethod(UNARY, ServerCalls.unary(unary))
        .addMethod(SPLIT, ServerCalls.<String, String>serverStreaming((req, out) -> {
          for (String part : req.split(",")) {
            out.write(part);
          }
        }))
        .addMethod(JOIN, ServerCalls.<String, String>clientStreaming(in -> {
          List<String> all = new ArrayList<>();
          for (String s; (s = in.read()) != null; ) {
            all.add(s);
          }
          return String.join("+", all);
        }))
        .addMethod(ECHO, ServerCalls.<String, String>bidi(stream -> {
          stream.context().setResponseHeaders(new Metadata().add("echo-header", "yes"));
          for (String s; (s = stream.read()) != null; ) {
            stream.write("echo:" + s);
          }
          stream.context().trailers().add("echo-trailer", "done");
        })));
  }

  @Test
  void blockingUnary_handlerReplies_returnsReply() throws Exception {
    try (Harness h = serve((req, ctx) -> "hello " + req)) {
      assertThat(ClientCalls.blockingUnary(h.channel, UNARY, CallOptions.DEFAULT, "world"))
          .isEqualTo("hello world");
    }
  }

  @Test
  void blockingUnary_handlerThrowsStatusException_throwsItsStatusAndTrailers() throws Exception {
    try (Harness h = serve((req, ctx) -> {
      throw Status.NOT_FOUND.withDescription("no " + req)
          .asException(new Metadata().add("why", "missing"));
    })) {
      assertThatThrownBy(() -> ClientCalls.blockingUnary(h.channel, UNARY, CallOptions.DEFAULT, "x"))
          .isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.status().code()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.status().description()).isEqualTo("no x");
            assertThat(e.trailers().get("why")).isEqualTo("missing");
          });
    }
  }

  @Test
  void blockingUnary_handlerThrowsOtherException_throwsUnknown() throws Exception {
    try (Harness h = serve((req, ctx) -> {
      throw new IllegalStateException("secret internals");
    })) {
      assertThatThrownBy(() -> ClientCalls.blockingUnary(h.channel, UNARY, CallOptions.DEFAULT, "x"))
          .isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.status().code()).isEqualTo(Status.Code.UNKNOWN);
            assertThat(e.status().description()).doesNotContain("secret");
          });
    }
  }

  @Test
  void blockingUnary_withHeadersAndDeadline_handlerSeesBoth() throws Exception {
    try (Harness h = serve((req, ctx) -> ctx.requestHeaders().get("who") + " "
        + (ctx.deadline() != null && ctx.deadline().timeRemaining(TimeUnit.SECONDS) > 0))) {
      String reply = ClientCalls.blockingUnary(h.channel, UNARY,
          CallOptions.DEFAULT.withTimeout(Duration.ofMinutes(1)), new Metadata().add("who", "me"),
          "x");
      assertThat(reply).isEqualTo("me true");
    }
  }

  @Test
  void blockingUnary_deadlinePasses_throwsDeadlineExceededAndHandlerSeesCancel()
      throws Exception {
    CompletableFuture<Status> handlerSaw = new CompletableFuture<>();
    CountDownLatch never = new CountDownLatch(1);
    try (Harness h = serve((req, ctx) -> {
      ctx.onCancel(handlerSaw::complete);
      never.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      return "late";
    })) {
      assertThatThrownBy(() -> ClientCalls.blockingUnary(h.channel, UNARY,
          CallOptions.DEFAULT.withTimeout(Duration.ofMillis(100)), "x"))
          .isInstanceOfSatisfying(StatusException.class,
              e -> assertThat(e.status().code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      assertThat(handlerSaw.get(WAIT.toSeconds(), TimeUnit.SECONDS).isOk()).isFalse();
    } finally {
      never.countDown();
    }
  }

  @Test
  void futureUnary_handlerReplies_completesWithReply() throws Exception {
    try (Harness h = serve((req, ctx) -> req.toUpperCase())) {
      assertThat(ClientCalls.futureUnary(h.channel, UNARY, CallOptions.DEFAULT, "abc")
          .get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ABC");
    }
  }

  @Test
  void futureUnary_futureCancelled_handlerSeesCancellation() throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Status> handlerSaw = new CompletableFuture<>();
    CountDownLatch never = new CountDownLatch(1);
    try (Harness h = serve((req, ctx) -> {
      ctx.onCancel(handlerSaw::complete);
      started.complete(null);
      never.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      return "late";
    })) {
      CompletableFuture<String> f = ClientCalls.futureUnary(h.channel, UNARY, CallOptions.DEFAULT, "x");
      started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      f.cancel(true);
      assertThat(handlerSaw.get(WAIT.toSeconds(), TimeUnit.SECONDS).code())
          .isEqualTo(Status.Code.CANCELLED);
    } finally {
      never.countDown();
    }
  }

  @Test
  void blockingCall_serverStreaming_readsEveryPartThenNull() throws Exception {
    try (Harness h = serve((req, ctx) -> req)) {
      BlockingClientCall<String, String> call = ClientCalls.blockingServerStreaming(
          h.channel, SPLIT, CallOptions.DEFAULT, new Metadata(), "a,b,c");
      List<String> got = new ArrayList<>();
      for (String s; (s = call.read()) != null; ) {
        got.add(s);
      }
      assertThat(got).containsExactly("a", "b", "c");
      assertThat(call.finish()).isEqualTo(Status.OK);
    }
  }

  @Test
  void blockingCall_clientStreaming_serverJoinsEveryRequest() throws Exception {
    try (Harness h = serve((req, ctx) -> req);
        BlockingClientCall<String, String> call =
            ClientCalls.blockingCall(h.channel, JOIN, CallOptions.DEFAULT)) {
      assertThat(call.write("a")).isTrue();
      assertThat(call.write("b")).isTrue();
      call.writesDone();
      assertThat(call.read()).isEqualTo("a+b");
      assertThat(call.read()).isNull();
      assertThat(call.finish()).isEqualTo(Status.OK);
    }
  }

  @Test
  void blockingCall_bidi_echoesWithHeadersAndTrailers() throws Exception {
    try (Harness h = serve((req, ctx) -> req);
        BlockingClientCall<String, String> call =
            ClientCalls.blockingCall(h.channel, ECHO, CallOptions.DEFAULT)) {
      for (int i = 0; i < 5; i++) {
        assertThat(call.write("m" + i)).isTrue();
        assertThat(call.read()).isEqualTo("echo:m" + i);
      }
      assertThat(call.headers().get("echo-header")).isEqualTo("yes");
      call.writesDone();
      assertThat(call.read()).isNull();
      assertThat(call.finish()).isEqualTo(Status.OK);
      assertThat(call.trailers().get("echo-trailer")).isEqualTo("done");
    }
  }

  @Test
  void blockingCall_cancelled_readReturnsNullAndFinishSaysCancelled() throws Exception {
    try (Harness h = serve((req, ctx) -> req);
        BlockingClientCall<String, String> call =
            ClientCalls.blockingCall(h.channel, ECHO, CallOptions.DEFAULT)) {
      call.write("one");
      assertThat(call.read()).isEqualTo("echo:one");
      call.cancel("changed my mind");
      assertThat(call.read()).isNull();
      assertThat(call.write("two")).isFalse();
      assertThat(call.finish().code()).isEqualTo(Status.Code.CANCELLED);
    }
  }

  @Test
  void blockingCall_finishWithoutReading_dropsResponsesAndReturnsStatus() throws Exception {
    try (Harness h = serve((req, ctx) -> req)) {
      BlockingClientCall<String, String> call = ClientCalls.blockingServerStreaming(
          h.channel, SPLIT, CallOptions.DEFAULT, new Metadata(), "a,b,c");
      assertThat(call.finish()).isEqualTo(Status.OK);
    }
  }

  @Test
  void blockingUnary_threadInterrupted_throwsCancelledAndKeepsInterruptFlag() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CompletableFuture<Void> started = new CompletableFuture<>();
    try (Harness h = serve((req, ctx) -> {
      started.complete(null);
      never.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      return "late";
    })) {
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      CompletableFuture<Boolean> flag = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          ClientCalls.blockingUnary(h.channel, UNARY, CallOptions.DEFAULT, "x");
        } catch (Throwable e) {
          thrown.complete(e);
        }
        flag.complete(Thread.currentThread().isInterrupted());
      });
      t.start();
      started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      t.interrupt();
      assertThat(Status.fromThrowable(thrown.get(WAIT.toSeconds(), TimeUnit.SECONDS)).code())
          .isEqualTo(Status.Code.CANCELLED);
      assertThat(flag.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } finally {
      never.countDown();
    }
  }
}
