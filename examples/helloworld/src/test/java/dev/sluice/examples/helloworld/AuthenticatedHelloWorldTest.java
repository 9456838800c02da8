package dev.sluice.examples.helloworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.BearerTokenCredentials;
import dev.sluice.BearerTokenCredentials.Token;
import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bearer-token example: the right token is greeted, a wrong or missing one ends
 * UNAUTHENTICATED with a message saying which, and over plaintext TCP the client refuses to send
 * the token at all.
 */
class AuthenticatedHelloWorldTest {

  private static final String TOKEN = "let-me-in";
  private final AtomicInteger checked = new AtomicInteger();
  private Server server;
  private Channel channel;

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void inProcess() throws Exception {
    String name = "auth-" + UUID.randomUUID();
    server = AuthenticatedHelloWorld.startServer(new InProcessServerListener(name), this::valid);
    channel = Channel.builder(new InProcessConnector(name)).build();
  }

  private boolean valid(String token) {
    checked.incrementAndGet();
    return TOKEN.equals(token);
  }

  private static HelloRequest named(String name) {
    return HelloRequest.newBuilder().setName(name).build();
  }

  private static Status failure(Runnable call) {
    return catchThrowableOfType(StatusException.class, call::run).status();
  }

  @Test
  void rightToken_greeted() throws Exception {
    inProcess();
    HelloReply reply = AuthenticatedHelloWorld.greeter(channel, TOKEN)
        .withTimeout(Duration.ofSeconds(20)).sayHello(named("alice"));
    assertThat(reply.getMessage()).contains("alice");
    assertThat(checked.get()).isEqualTo(1);
  }

  @Test
  void wrongToken_unauthenticated_tokenNotAccepted() throws Exception {
    inProcess();
    Status s = failure(() -> AuthenticatedHelloWorld.greeter(channel, "guess")
        .withTimeout(Duration.ofSeconds(20)).sayHello(named("mallory")));
    assertThat(s.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.description()).isEqualTo("The bearer token was not accepted");
  }

  @Test
  void missingToken_unauthenticated_saysWhatIsNeeded() throws Exception {
    inProcess();
    Status s = failure(() -> GreeterSluice.newBlockingStub(channel)
        .withTimeout(Duration.ofSeconds(20)).sayHello(named("anonymous")));
    assertThat(s.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.description()).startsWith("No authorization header")
        .contains("authorization: Bearer <token>");
    assertThat(checked.get()).isZero();
  }

  @Test
  void overPlaintextTcp_clientRefusesToSendTheToken_unlessAllowed() throws Exception {
    NettyServerListener listener = NettyServerListener
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
    server = AuthenticatedHelloWorld.startServer(listener, this::valid);
    channel = Channel.builder(NettyConnector.forAddress(listener.boundAddress()).build()).build();

    Status s = failure(() -> AuthenticatedHelloWorld.greeter(channel, TOKEN)
        .withTimeout(Duration.ofSeconds(20)).sayHello(named("alice")));
    assertThat(s.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.description()).contains("not secure").contains("allow plaintext");
    assertThat(checked.get()).as("the server never saw the call").isZero();

    HelloReply allowed = GreeterSluice.newBlockingStub(channel)
        .withCallCredentials(BearerTokenCredentials.of(
            () -> CompletableFuture.completedFuture(new Token(TOKEN, null))).allowingPlaintext())
        .withTimeout(Duration.ofSeconds(20)).sayHello(named("alice"));
    assertThat(allowed.getMessage()).contains("alice");
    assertThat(checked.get()).isEqualTo(1);
  }
}
