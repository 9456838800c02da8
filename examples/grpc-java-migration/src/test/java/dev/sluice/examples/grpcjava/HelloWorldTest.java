package dev.sluice.examples.grpcjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.examples.grpcjava.helloworld.GreeterImpl;
import dev.sluice.examples.grpcjava.helloworld.HelloWorldClient;
import dev.sluice.examples.grpcjava.helloworld.HelloWorldServer;
import dev.sluice.grpcjava.SluiceChannelBuilder;
import dev.sluice.grpcjava.SluiceServerBuilder;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The grpc-java greeter on Sluice, over HTTP/2 on loopback and in process. */
class HelloWorldTest {

  @Test
  void greeter_overHttp2_greetsByName() throws Exception {
    Server server = HelloWorldServer.start(0);
    ManagedChannel channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .usePlaintext().build();
    try {
      assertThat(new HelloWorldClient(channel).greet("Ada")).isEqualTo("Hello Ada");
    } finally {
      close(channel, server);
    }
  }

  @Test
  void greeter_blankName_failsWithInvalidArgument() throws Exception {
    Server server = HelloWorldServer.start(0);
    ManagedChannel channel = SluiceChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .usePlaintext().build();
    try {
      assertThatThrownBy(() -> new HelloWorldClient(channel).greet(" "))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("name must not be blank");
          });
    } finally {
      close(channel, server);
    }
  }

  @Test
  void greeter_inProcess_greetsByName() throws Exception {
    String name = "greeter-" + UUID.randomUUID();
    Server server = SluiceServerBuilder.forInProcess(name).addService(new GreeterImpl())
        .build().start();
    ManagedChannel channel = SluiceChannelBuilder.forInProcess(name).build();
    try {
      assertThat(new HelloWorldClient(channel).greet("Grace")).isEqualTo("Hello Grace");
    } finally {
      close(channel, server);
    }
  }

  static void close(ManagedChannel channel, Server server) throws InterruptedException {
    channel.shutdownNow();
    assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    server.shutdownNow();
    assertThat(server.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }
}
