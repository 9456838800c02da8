package dev.sluice.stub;

import static dev.sluice.stub.Harness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Observer-style client calls against async server handlers. */
class AsyncCallsTest {

  private static final MethodDescriptor<String, String> UNARY =
      Strings.method("Unary", MethodType.UNARY);
  private static final MethodDescriptor<String, String> COUNT =
      Strings.method("Count", MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<String, String> ECHO =
      Strings.method("Echo", MethodType.BIDI_STREAMING);
  private static final MethodDescriptor<String, String> HANG =
      Strings.method("Hang", MethodType.BIDI_STREAMING);
  private static final MethodDescriptor<String, String> TWICE =
      Strings.method("Twice", MethodType.UNARY);
  private static final MethodDescriptor<String, String> ANSWER_THEN_FAIL =
      Strings.method("AnswerThenFail", MethodType.UNARY);

  private static final MethodDescriptor<String, String> NEVER_ANSWERS =
      Strings.method("NeverAnswers", MethodType.UNARY);
  private final CompletableFuture<Void> neverAnswersStarted = new CompletableFuture<>();
  private final CompletableFuture<Void> neverAnswersCancelled = new CompletableFuture<>();

  /** What the TWICE handler's second onNext threw. */
  private final CompletableFuture<Throwable> secondOnNext = new CompletableFuture<>();

  private final CompletableFuture<Void> hangCancelHandlerRan = new CompletableFuture<>();

  private Harness serve() throws Exception {
    return Harness.start(b -> b
        .addMethod(UNARY, ServerCalls.<String, String>asyncUnary((req, out) -> {
          out.onNext("async " + req);
          out.onCompleted();
        }))
        .addMethod(TWICE, ServerCalls.<String, String>asyncUnary((req, out) -> {
          out.onNext("first");
          try {
            out.onNext("second");
            secondOnNext.complete(null);
          } catch (RuntimeException e) {
            secondOnNext.complete(e);
          }
          out.onCompleted();
        }))
        .addMethod(NEVER_ANSWERS, ServerCalls.<String, String>asyncUnary((req, out) -> {
          out.setOnCancelHandler(() -> neverAnswersCancelled.complete(null));
          neverAnswersStarted.complete(null);
        }))
        .addMethod(ANSWER_THEN_FAIL, ServerCalls.<String, String>asyncUnary((req, out) -> {
          out.onNext("never seen");
          out.onError(Status.FAILED_PRECONDITION.withDescription("changed its mind")
              .asException());
        }))
        .addMethod(COUNT, ServerCalls.<String, String>asyncServerStreaming((req, out) -> {
          int n = Integer.parseInt(req);
          for (int i = 1; i <= n; i++) {
            out.onNext(Integer.toString(i));
          }
          out.onCompleted();
        }))
        .addMethod(ECHO, ServerCalls.<String, String>asyncBidi(out -> new StreamObserver<>() {
          @Override
          public void onNext(String value) {
            if (value.equals("fail")) {
              out.onError(Status.ABORTED.withDescription("asked to fail").asException());
            } else {
              out.onNext("echo:" + value);
            }
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        }))
        .addMethod(HANG, ServerCalls.<String, String>asyncBidi(out -> {
          out.setOnCancelHandler(() -> hangCancelHandlerRan.complete(null));
          return new StreamObserver<>() {
            @Override
            public void onNext(String value) {
              out.onNext("got " + value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          };
        })));
  }

  /** Records a response stream; its future completes when the stream ends. */
  private static final class Recorder implements StreamObserver<String> {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();

    @Override
    public void onNext(String value) {
      if (end.isDone()) {
        throw new AssertionError("onNext after the end");
      }
      messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
      if (!end.complete(Status.fromThrowable(t))) {
        throw new AssertionError("ended twice");
      }
    }

    @Override
    public void onCompleted() {
      if (!end.complete(Status.OK)) {
        throw new AssertionError("ended twice");
      }
    }

    Status awaitEnd() throws Exception {
      return end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void asyncUnary_asyncHandler_observerGetsReplyThenCompletion() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      ClientCalls.asyncUnary(h.channel, UNARY, CallOptions.DEFAULT, new Metadata(), "x", r);
      assertThat(r.awaitEnd()).isEqualTo(Status.OK);
      assertThat(r.messages).containsExactly("async x");
    }
  }

  @Test
  void asyncUnary_handlerAnswersTwice_secondIsRefusedAndTheFirstArrives() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      ClientCalls.asyncUnary(h.channel, TWICE, CallOptions.DEFAULT, new Metadata(), "x", r);
      assertThat(r.awaitEnd()).isEqualTo(Status.OK);
      assertThat(r.messages).containsExactly("first");
      assertThat(secondOnNext.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exactly one message");
    }
  }

  @Test
  void futureUnary_cancelled_cancelsTheCallOnTheServer() throws Exception {
    try (Harness h = serve()) {
      CompletableFuture<String> reply = ClientCalls.futureUnary(h.channel, NEVER_ANSWERS,
          CallOptions.DEFAULT, "x");
      // Cancelled before the handler runs, the call would end without the handler ever seeing it.
      neverAnswersStarted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      // A dependent stage cancelled is not the call cancelled.
      reply.thenApply(String::length).cancel(true);
      assertThat(reply).isNotDone();
      assertThat(reply.cancel(true)).isTrue();
      neverAnswersCancelled.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(reply).isCancelled();
    }
  }

  @Test
  void asyncUnary_handlerAnswersThenFails_clientSeesOnlyTheFailure() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      ClientCalls.asyncUnary(h.channel, ANSWER_THEN_FAIL, CallOptions.DEFAULT, new Metadata(),
          "x", r);
      Status end = r.awaitEnd();
      assertThat(end.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(end.description()).isEqualTo("changed its mind");
      assertThat(r.messages).isEmpty();
    }
  }

  @Test
  void asyncServerStreaming_autoRequest_receivesEveryMessageInOrder() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      ClientCalls.asyncServerStreaming(
          h.channel, COUNT, CallOptions.DEFAULT, new Metadata(), "100", r);
      assertThat(r.awaitEnd()).isEqualTo(Status.OK);
      assertThat(r.messages).hasSize(100).startsWith("1", "2").endsWith("100");
    }
  }

  @Test
  void asyncServerStreaming_manualRequest_deliversOnlyWhatWasRequestedFirst() throws Exception {
    try (Harness h = serve()) {
      CompletableFuture<Void> gotTwo = new CompletableFuture<>();
      List<String> messages = new CopyOnWriteArrayList<>();
      CompletableFuture<Status> end = new CompletableFuture<>();
      ClientCallStreamObserver<String> requests = ClientCalls.asyncServerStreaming(h.channel,
          COUNT, CallOptions.DEFAULT, new Metadata(), "3",
          new ClientResponseObserver<String, String>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<String> call) {
              call.disableAutoRequest();
              call.request(2);
            }

            @Override
            public void onNext(String value) {
              messages.add(value);
              if (messages.size() == 2) {
                gotTwo.complete(null);
              }
            }

            @Override
            public void onError(Throwable t) {
              end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              end.complete(Status.OK);
            }
          });
      gotTwo.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      // The server has sent everything, but the third message and the end need a request.
      assertThat(end).isNotDone();
      assertThat(messages).containsExactly("1", "2");
      requests.request(1);
      assertThat(end.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Status.OK);
      assertThat(messages).containsExactly("1", "2", "3");
    }
  }

  @Test
  void asyncStreaming_bidi_echoesEveryRequestAndCompletes() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      ClientCallStreamObserver<String> requests = ClientCalls.asyncStreaming(
          h.channel, ECHO, CallOptions.DEFAULT, new Metadata(), r);
      for (int i = 0; i < 50; i++) {
        requests.onNext("m" + i);
      }
      requests.onCompleted();
      assertThat(r.awaitEnd()).isEqualTo(Status.OK);
      assertThat(r.messages).hasSize(50).startsWith("echo:m0").endsWith("echo:m49");
    }
  }

  @Test
  void asyncStreaming_handlerCallsOnError_clientGetsItsStatus() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      ClientCallStreamObserver<String> requests = ClientCalls.asyncStreaming(
          h.channel, ECHO, CallOptions.DEFAULT, new Metadata(), r);
      requests.onNext("fail");
      Status end = r.awaitEnd();
      assertThat(end.code()).isEqualTo(Status.Code.ABORTED);
      assertThat(end.description()).isEqualTo("asked to fail");
    }
  }

  @Test
  void asyncStreaming_clientCancels_serverRunsCancelHandler() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      CompletableFuture<Void> firstReply = new CompletableFuture<>();
      ClientCallStreamObserver<String> requests = ClientCalls.asyncStreaming(
          h.channel, HANG, CallOptions.DEFAULT, new Metadata(), new StreamObserver<>() {
            @Override
            public void onNext(String value) {
              firstReply.complete(null);
              r.onNext(value);
            }

            @Override
            public void onError(Throwable t) {
              r.onError(t);
            }

            @Override
            public void onCompleted() {
              r.onCompleted();
            }
          });
      requests.onNext("one");
      firstReply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      requests.cancel("done here", null);
      assertThat(r.awaitEnd().code()).isEqualTo(Status.Code.CANCELLED);
      hangCancelHandlerRan.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void asyncStreaming_onReadyHandler_runsOnceTheQueueDrains() throws Exception {
    try (Harness h = serve()) {
      Recorder r = new Recorder();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      ClientCallStreamObserver<String> requests = ClientCalls.asyncStreaming(
          h.channel, ECHO, CallOptions.DEFAULT, new Metadata(), r);
      requests.setOnReadyHandler(() -> ready.complete(null));
      for (int i = 0; i < 10; i++) {
        requests.onNext("m" + i);
      }
      ready.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      requests.onCompleted();
      assertThat(r.awaitEnd()).isEqualTo(Status.OK);
      assertThat(r.messages).hasSize(10);
    }
  }
}
