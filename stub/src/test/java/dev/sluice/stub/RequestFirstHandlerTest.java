package dev.sluice.stub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Blocking handlers of one-request methods receive their request on the transport thread and
 * run on the server's executor with it in hand.
 */
class RequestFirstHandlerTest {

  private static final MethodDescriptor<String, String> UNARY =
      Strings.method("Unary", MethodType.UNARY);
  private static final MethodDescriptor<String, String> SPLIT =
      Strings.method("Split", MethodType.SERVER_STREAMING);

  @Test
  void blockingUnaryAndServerStreaming_serverWithExecutor_runOnItsThreads() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool(r -> new Thread(r, "handler-pool"));
    List<String> threads = new CopyOnWriteArrayList<>();
    try (Harness h = Harness.start(b -> b.executor(pool)
        .addMethod(UNARY, ServerCalls.<String, String>unary((req, ctx) -> {
          threads.add(Thread.currentThread().getName());
          return "got " + req;
        }))
        .addMethod(SPLIT, ServerCalls.<String, String>serverStreaming((req, out) -> {
          threads.add(Thread.currentThread().getName());
          for (String part : req.split(",")) {
            out.write(part);
          }
        })))) {
      assertThat(ClientCalls.blockingUnary(h.channel, UNARY, CallOptions.DEFAULT, "x"))
          .isEqualTo("got x");
      BlockingClientCall<String, String> call = ClientCalls.blockingServerStreaming(
          h.channel, SPLIT, CallOptions.DEFAULT, new dev.sluice.Metadata(), "a,b");
      assertThat(call.read()).isEqualTo("a");
      assertThat(call.read()).isEqualTo("b");
      assertThat(call.read()).isNull();
      assertThat(call.finish()).isEqualTo(Status.OK);
      assertThat(threads).containsExactly("handler-pool", "handler-pool");
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void blockingUnary_clientHalfClosesWithoutRequest_failsInternalWithoutRunningHandler()
      throws Exception {
    List<String> requests = new CopyOnWriteArrayList<>();
    try (Harness h = Harness.start(UNARY, ServerCalls.<String, String>unary((req, ctx) -> {
      requests.add(req);
      return req;
    }))) {
      BlockingClientCall<String, String> call =
          ClientCalls.blockingCall(h.channel, UNARY, CallOptions.DEFAULT);
      call.writesDone();
      assertThat(call.read()).isNull();
      Status status = call.finish();
      assertThat(status.code()).isEqualTo(Status.Code.INTERNAL);
      assertThat(status.description()).contains("sent no request");
      assertThat(requests).isEmpty();
    }
  }
}
