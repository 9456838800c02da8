package dev.sluice.stub;

import static dev.sluice.stub.Harness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Deadline;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A handler's own client calls inherit its call's deadline and cancellation. */
class CallContextTest {

  private static final MethodDescriptor<String, String> OUTER =
      Strings.method("Outer", MethodType.UNARY);
  private static final MethodDescriptor<String, String> INNER =
      Strings.method("Inner", MethodType.UNARY);

  @Test
  void current_outsideAnyHandler_isRootWithoutDeadline() {
    assertThat(CallContext.current()).isSameAs(CallContext.ROOT);
    assertThat(CallContext.ROOT.deadline()).isNull();
    assertThat(CallContext.ROOT.isCancelled()).isFalse();
  }

  @Test
  void nestedCall_outerHasDeadline_innerHandlerSeesNoLaterDeadline() throws Exception {
    CompletableFuture<Long> innerSawMs = new CompletableFuture<>();
    Harness[] self = new Harness[1];
    try (Harness h = Harness.start(b -> b
        .addMethod(INNER, ServerCalls.<String, String>unary((req, ctx) -> {
          innerSawMs.complete(ctx.deadline() == null ? -1L
              : ctx.deadline().timeRemaining(TimeUnit.MILLISECONDS));
          return "inner";
        }))
        .addMethod(OUTER, ServerCalls.<String, String>unary((req, ctx) ->
            // No deadline of its own: it must inherit the outer call's.
            ClientCalls.blockingUnary(self[0].channel, INNER, CallOptions.DEFAULT, req))))) {
      self[0] = h;
      String reply = ClientCalls.blockingUnary(h.channel, OUTER,
          CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)), "x");
      assertThat(reply).isEqualTo("inner");
      assertThat(innerSawMs.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isBetween(1L, 30_000L);
    }
  }

  @Test
  void nestedCall_outerCancelled_innerCallIsCancelled() throws Exception {
    CompletableFuture<Void> innerStarted = new CompletableFuture<>();
    CompletableFuture<Status> innerSawCancel = new CompletableFuture<>();
    CompletableFuture<Throwable> outerClientCallFailed = new CompletableFuture<>();
    CountDownLatch never = new CountDownLatch(1);
    Harness[] self = new Harness[1];
    try (Harness h = Harness.start(b -> b
        .addMethod(INNER, ServerCalls.<String, String>unary((req, ctx) -> {
          ctx.onCancel(innerSawCancel::complete);
          innerStarted.complete(null);
          never.await(WAIT.toSeconds(), TimeUnit.SECONDS);
          return "late";
        }))
        .addMethod(OUTER, ServerCalls.<String, String>unary((req, ctx) -> {
          try {
            return ClientCalls.blockingUnary(self[0].channel, INNER, CallOptions.DEFAULT, req);
          } catch (RuntimeException e) {
            outerClientCallFailed.complete(e);
            throw e;
          }
        })))) {
      self[0] = h;
      CompletableFuture<String> outer =
          ClientCalls.futureUnary(h.channel, OUTER, CallOptions.DEFAULT, "x");
      innerStarted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      outer.cancel(true);
      assertThat(innerSawCancel.get(WAIT.toSeconds(), TimeUnit.SECONDS).code())
          .isEqualTo(Status.Code.CANCELLED);
      assertThat(Status.fromThrowable(outerClientCallFailed.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .code()).isEqualTo(Status.Code.CANCELLED);
    } finally {
      never.countDown();
    }
  }

  @Test
  void newCall_ownDeadlineEarlierThanContexts_keepsItsOwn() throws Exception {
    CompletableFuture<Long> innerSawMs = new CompletableFuture<>();
    Harness[] self = new Harness[1];
    try (Harness h = Harness.start(b -> b
        .addMethod(INNER, ServerCalls.<String, String>unary((req, ctx) -> {
          innerSawMs.complete(ctx.deadline().timeRemaining(TimeUnit.MILLISECONDS));
          return "inner";
        }))
        .addMethod(OUTER, ServerCalls.<String, String>unary((req, ctx) ->
            ClientCalls.blockingUnary(self[0].channel, INNER,
                CallOptions.DEFAULT.withDeadline(Deadline.after(Duration.ofSeconds(5))), req))))) {
      self[0] = h;
      ClientCalls.blockingUnary(h.channel, OUTER,
          CallOptions.DEFAULT.withTimeout(Duration.ofMinutes(10)), "x");
      assertThat(innerSawMs.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isBetween(1L, 5_000L);
    }
  }

  @Test
  void wrap_taskOnAnotherThread_seesTheContext() throws Exception {
    CompletableFuture<Boolean> sawDeadline = new CompletableFuture<>();
    try (Harness h = Harness.start(OUTER, ServerCalls.<String, String>unary((req, ctx) -> {
      Thread t = new Thread(CallContext.current().wrap(
          () -> sawDeadline.complete(CallContext.current().deadline() != null)));
      t.start();
      t.join();
      return "ok";
    }))) {
      ClientCalls.blockingUnary(h.channel, OUTER,
          CallOptions.DEFAULT.withTimeout(Duration.ofMinutes(1)), "x");
      assertThat(sawDeadline.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }
}
