package dev.sluice.examples.helloworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.stub.ServiceDefinition;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HelloWorldTest {

  private Server server;
  private Channel channel;
  private final String name = "helloworld-" + UUID.randomUUID();

  private void start(ServiceDefinition service) throws Exception {
    Server.Builder b = Server.builder().listener(new InProcessServerListener(name));
    server = service.addTo(b).build().start();
    channel = Channel.builder(new InProcessConnector(name)).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.close();
    server.close();
  }

  private static HelloRequest named(String name) {
    return HelloRequest.newBuilder().setName(name).build();
  }

  @Test
  void blockingStub_blockingService_greets() throws Exception {
    start(new GreeterService().bindService());
    HelloReply reply = GreeterSluice.newBlockingStub(channel)
        .withTimeout(Duration.ofSeconds(10)).sayHello(named("Ada"));
    assertThat(reply.getMessage()).isEqualTo("Hello Ada");
  }

  @Test
  void asyncStub_asyncService_greets() throws Exception {
    start(new AsyncGreeterService().bindService());
    HelloReply reply = GreeterSluice.newAsyncStub(channel).sayHello(named("Grace"))
        .get(10, TimeUnit.SECONDS);
    assertThat(reply.getMessage()).isEqualTo("Hello Grace");
  }

  @Test
  void blockingStub_asyncService_greets() throws Exception {
    start(new AsyncGreeterService().bindService());
    assertThat(GreeterSluice.newBlockingStub(channel).sayHello(named("Linus")).getMessage())
        .isEqualTo("Hello Linus");
  }

  @Test
  void blockingStub_methodNotOverridden_failsUnimplemented() throws Exception {
    start(new GreeterSluice.GreeterBlockingImplBase() {}.bindService());
    assertThatThrownBy(() -> GreeterSluice.newBlockingStub(channel).sayHello(named("x")))
        .isInstanceOfSatisfying(StatusException.class, e ->
            assertThat(e.status().code()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  @Test
  void main_inProcess_printsBothGreetingsWithoutFailing() throws Exception {
    start(new GreeterService().bindService());
    HelloWorldClient.main(new String[] {name, "main"});
  }
}
