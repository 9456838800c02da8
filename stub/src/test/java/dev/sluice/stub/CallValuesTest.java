package dev.sluice.stub;

import static dev.sluice.stub.Harness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.CallValues;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.filter.CallInfo;
import dev.sluice.filter.Interceptor;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.lang.invoke.MethodHandles;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Typed call values: a server interceptor sets one from a header, the handler reads it (blocking,
 * on a virtual thread, or async), and a client call the handler makes starts with it, so the
 * channel's interceptor can pass it on.
 */
class CallValuesTest {

  private static final CallValues.Key<String> TENANT = CallValues.key("tenant");
  private static final MethodDescriptor<String, String> OUTER =
      Strings.method("Outer", MethodType.UNARY);
  private static final MethodDescriptor<String, String> INNER =
      Strings.method("Inner", MethodType.UNARY);

  /** Server side: the x-tenant header becomes the TENANT value. */
  private static final Interceptor FROM_HEADER = new Interceptor() {
    @Override
    public void onReceiveHeaders(CallInfo call, Metadata headers) {
      if (!call.client()) {
        call.values().put(TENANT, headers.get("x-tenant"));
      }
    }
  };

  /** Client side: the TENANT value, if any, goes out as the x-tenant header. */
  private static final Interceptor TO_HEADER = new Interceptor() {
    @Override
    public void onSendHeaders(CallInfo call, Metadata headers) {
      String tenant = call.values().get(TENANT);
      if (call.client() && tenant != null) {
        headers.add("x-tenant", tenant);
      }
    }
  };

  private Server server;
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    channel.shutdownNow();
    server.shutdownNow();
    channel.awaitTermination(WAIT);
    server.awaitTermination(WAIT);
  }

  private void start(java.util.function.Consumer<Server.Builder> methods) throws Exception {
    String name = "values-" + UUID.randomUUID();
    Server.Builder b = Server.builder().listener(new InProcessServerListener(name))
        .intercept(FROM_HEADER);
    methods.accept(b);
    server = b.build().start();
    channel = Channel.builder(new InProcessConnector(name)).intercept(TO_HEADER).build();
  }

  private String callOuter() {
    return ClientCalls.blockingUnary(channel, OUTER, CallOptions.DEFAULT,
        new Metadata().add("x-tenant", "acme"), "x");
  }

  @Test
  void interceptorsValue_reachesTheBlockingHandlerAndItsChildCall() throws Exception {
    start(b -> b
        .addMethod(INNER, ServerCalls.<String, String>unary((req, ctx) ->
            "inner saw " + ctx.value(TENANT)))
        .addMethod(OUTER, ServerCalls.<String, String>unary((req, ctx) ->
            ctx.value(TENANT) + "/" + CallContext.currentValue(TENANT) + "/"
                + ClientCalls.blockingUnary(channel, INNER, CallOptions.DEFAULT, req))));
    assertThat(callOuter()).isEqualTo("acme/acme/inner saw acme");
  }

  /** Virtual threads on JDK 21+ (looked up, so this compiles on 17); a platform thread before. */
  private static ExecutorService virtualWhereAvailable() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
              java.lang.invoke.MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return Executors.newSingleThreadExecutor();
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  @Test
  void interceptorsValue_readOnAnotherThreadThroughWrap_virtualWhereAvailable() throws Exception {
    ExecutorService virtual = virtualWhereAvailable();
    try {
      start(b -> b.addMethod(OUTER, ServerCalls.<String, String>unary((req, ctx) -> {
        CompletableFuture<String> seen = new CompletableFuture<>();
        virtual.execute(CallContext.current().wrap(
            () -> seen.complete(CallContext.currentValue(TENANT))));
        return seen.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      })));
      assertThat(callOuter()).isEqualTo("acme");
    } finally {
      virtual.shutdownNow();
    }
  }

  @Test
  void interceptorsValue_reachesAnAsyncHandler() throws Exception {
    start(b -> b.addMethod(OUTER, ServerCalls.<String, String>asyncUnary((req, responses) -> {
      responses.onNext("async saw " + CallContext.currentValue(TENANT));
      responses.onCompleted();
    })));
    assertThat(callOuter()).isEqualTo("async saw acme");
  }

  @Test
  void withValue_addsAValueChildCallsCarry_andKeepsTheCancellation() throws Exception {
    CallValues.Key<String> traceId = CallValues.key("trace");
    start(b -> b
        .addMethod(INNER, ServerCalls.<String, String>unary((req, ctx) ->
            "inner saw " + ctx.value(TENANT)))
        .addMethod(OUTER, ServerCalls.<String, String>unary((req, ctx) -> {
          CallContext derived = CallContext.current().withValue(TENANT, "override")
              .withValue(traceId, "t-1");
          try (CallContext.Scope ignored = derived.enter()) {
            return CallContext.currentValue(traceId) + " "
                + ClientCalls.blockingUnary(channel, INNER, CallOptions.DEFAULT, req);
          }
        })));
    assertThat(callOuter()).isEqualTo("t-1 inner saw override");
  }
}
