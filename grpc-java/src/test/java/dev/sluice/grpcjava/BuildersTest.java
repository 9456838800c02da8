package dev.sluice.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The builders' options, the fallback registry, context cancellation and channel state. */
class BuildersTest {

  private static final MethodDescriptor.Marshaller<String> UTF8 =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static MethodDescriptor<String, String> method(String fullName,
      MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder().setFullMethodName(fullName).setType(type)
        .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8).build();
  }

  @Test
  void channelBuilder_optionsSluiceLacks_throwNamingTheOption() {
    SluiceChannelBuilder b = SluiceChannelBuilder.forTarget("localhost:1");
    assertThatThrownBy(() -> b.setBinaryLog(null))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("setBinaryLog");
    assertThatThrownBy(() -> b.maxTraceEvents(10))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("maxTraceEvents");
  }

  @Test
  void serverBuilder_optionsSluiceLacks_throwNamingTheOption() {
    SluiceServerBuilder b = SluiceServerBuilder.forPort(0);
    assertThatThrownBy(() -> b.setBinaryLog(null))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("setBinaryLog");
  }

  @Test
  void fallbackRegistry_methodNoServiceHas_servesIt() throws Exception {
    MethodDescriptor<String, String> echo = method("test.Dynamic/Echo",
        MethodDescriptor.MethodType.UNARY);
    ServerCallHandler<String, String> handler = ServerCalls.asyncUnaryCall((req, obs) -> {
      obs.onNext("echo " + req);
      obs.onCompleted();
    });
    HandlerRegistry registry = new HandlerRegistry() {
      @Override
      public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
        return methodName.equals(echo.getFullMethodName())
            ? ServerMethodDefinition.create(echo, handler) : null;
      }
    };
    String name = "fallback-" + UUID.randomUUID();
    Server server = SluiceServerBuilder.forInProcess(name).fallbackHandlerRegistry(registry)
        .build().start();
    ManagedChannel channel = SluiceChannelBuilder.forInProcess(name).build();
    try {
      assertThat(ClientCalls.blockingUnaryCall(channel, echo, CallOptions.DEFAULT, "hi"))
          .isEqualTo("echo hi");
      MethodDescriptor<String, String> missing = method("test.Dynamic/Missing",
          MethodDescriptor.MethodType.UNARY);
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, missing,
          CallOptions.DEFAULT, "hi"))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void clientContextCancelled_cancelsServerContextWithTheCall() throws Exception {
    MethodDescriptor<String, String> hang = method("test.Slow/Hang",
        MethodDescriptor.MethodType.UNARY);
    CountDownLatch serverCancelled = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    ServerCallHandler<String, String> handler = ServerCalls.asyncUnaryCall((req, obs) -> {
      Context.current().addListener(ctx -> serverCancelled.countDown(), Runnable::run);
      started.countDown();
      // Never answers: the client's cancellation must end the call.
    });
    String name = "cancel-" + UUID.randomUUID();
    Server server = SluiceServerBuilder.forInProcess(name)
        .addService(io.grpc.ServerServiceDefinition.builder("test.Slow")
            .addMethod(hang, handler).build())
        .build().start();
    ManagedChannel channel = SluiceChannelBuilder.forInProcess(name).build();
    AtomicReference<Status> closed = new AtomicReference<>();
    CountDownLatch clientClosed = new CountDownLatch(1);
    Context.CancellableContext ctx = Context.current().withCancellation();
    try {
      ctx.run(() -> {
        ClientCall<String, String> call = channel.newCall(hang, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.set(status);
            clientClosed.countDown();
          }
        }, new Metadata());
        call.sendMessage("x");
        call.halfClose();
        call.request(1);
      });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      ctx.cancel(null);
      assertThat(clientClosed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(closed.get().getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(serverCancelled.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void channelState_firstCallConnects_notifiesAndShutsDown() throws Exception {
    String name = "state-" + UUID.randomUUID();
    Server server = SluiceServerBuilder.forInProcess(name).build().start();
    ManagedChannel channel = SluiceChannelBuilder.forInProcess(name)
        .intercept(new ClientInterceptor() {
          @Override
          public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
              MethodDescriptor<ReqT, RespT> method, CallOptions options, io.grpc.Channel next) {
            return next.newCall(method, options);
          }
        })
        .build();
    try {
      assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(ConnectivityState.IDLE, changed::countDown);
      channel.getState(true);
      assertThat(changed.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      channel.shutdown();
      assertThat(channel.isShutdown()).isTrue();
      assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(channel.isTerminated()).isTrue();
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
