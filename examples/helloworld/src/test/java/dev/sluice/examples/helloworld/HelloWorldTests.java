package dev.sluice.examples.helloworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.stub.ServiceDefinition;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The greeter through both stubs and both service styles; subclasses pick the transport. */
abstract class HelloWorldTests {

  /** A started server and a channel to it. */
  record Endpoints(Server server, Channel channel) {}

  private Endpoints endpoints;
  Channel channel;

  /** Starts a server with {@code service} and connects to it. */
  abstract Endpoints start(ServiceDefinition service) throws Exception;

  final void serve(ServiceDefinition service) throws Exception {
    endpoints = start(service);
    channel = endpoints.channel();
  }

  @AfterEach
  void stop() throws Exception {
    if (endpoints != null) {
      endpoints.channel().close();
      endpoints.server().close();
    }
  }

  static HelloRequest named(String name) {
    return HelloRequest.newBuilder().setName(name).build();
  }

  @Test
  void blockingStub_blockingService_greets() throws Exception {
    serve(new GreeterService().bindService());
    HelloReply reply = GreeterSluice.newBlockingStub(channel)
        .withTimeout(Duration.ofSeconds(10)).sayHello(named("Ada"));
    assertThat(reply.getMessage()).isEqualTo("Hello Ada");
  }

  @Test
  void asyncStub_asyncService_greets() throws Exception {
    serve(new AsyncGreeterService().bindService());
    HelloReply reply = GreeterSluice.newAsyncStub(channel).sayHello(named("Grace"))
        .get(10, TimeUnit.SECONDS);
    assertThat(reply.getMessage()).isEqualTo("Hello Grace");
  }

  @Test
  void blockingStub_asyncService_greets() throws Exception {
    serve(new AsyncGreeterService().bindService());
    assertThat(GreeterSluice.newBlockingStub(channel).sayHello(named("Linus")).getMessage())
        .isEqualTo("Hello Linus");
  }

  @Test
  void asyncStub_blockingService_greets() throws Exception {
    serve(new GreeterService().bindService());
    assertThat(GreeterSluice.newAsyncStub(channel).sayHello(named("Barbara"))
        .get(10, TimeUnit.SECONDS).getMessage()).isEqualTo("Hello Barbara");
  }

  @Test
  void blockingStub_methodNotOverridden_failsUnimplemented() throws Exception {
    serve(new GreeterSluice.GreeterBlockingImplBase() {}.bindService());
    assertThatThrownBy(() -> GreeterSluice.newBlockingStub(channel).sayHello(named("x")))
        .isInstanceOfSatisfying(StatusException.class, e ->
            assertThat(e.status().code()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }
}
