package dev.sluice.examples.helloworld;

import dev.sluice.BearerTokenCredentials;
import dev.sluice.BearerTokenCredentials.Token;
import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.transport.ServerListener;
import dev.sluice.filter.BearerTokenCheck;
import dev.sluice.inproc.InProcessConnector;
import dev.sluice.inproc.InProcessServerListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The greeter behind a bearer token. The server checks every call with a {@link
 * BearerTokenCheck} filter, which ends a call without a valid {@code authorization: Bearer ...}
 * header UNAUTHENTICATED before the greeter sees it; the client's stub sends a token with each
 * call through {@link BearerTokenCredentials}, which fetches it once and reuses it until shortly
 * before it expires.
 *
 * <p>Credentials go only over secure connections (TLS, or in-process as here): over plaintext
 * TCP the client refuses to send them, unless they are made with {@code allowingPlaintext()}.
 */
public final class AuthenticatedHelloWorld {

  private AuthenticatedHelloWorld() {}

  /** Starts a greeter on {@code listener} accepting only calls whose token passes {@code valid}. */
  public static Server startServer(ServerListener listener, Predicate<String> valid)
      throws java.io.IOException {
    Server.Builder builder = Server.builder().listener(listener)
        .filter(new BearerTokenCheck(valid));
    new GreeterService().bindService().addTo(builder);
    return builder.build().start();
  }

  /**
   * A blocking greeter stub whose calls carry {@code token}. A real client would fetch the token
   * from its identity provider in the supplier, asynchronously; here it is at hand.
   */
  public static GreeterSluice.GreeterBlockingStub greeter(Channel channel, String token) {
    BearerTokenCredentials credentials = BearerTokenCredentials.of(() ->
        CompletableFuture.completedFuture(new Token(token, Instant.now().plusSeconds(3600))));
    return GreeterSluice.newBlockingStub(channel).withCallCredentials(credentials);
  }

  /** Greets once with the right token over in-process. */
  public static void main(String[] args) throws Exception {
    String name = "authenticated-helloworld";
    String token = "let-me-in";
    try (Server server = startServer(new InProcessServerListener(name), token::equals);
        Channel channel = Channel.builder(new InProcessConnector(name)).build()) {
      HelloReply reply = greeter(channel, token).withTimeout(Duration.ofSeconds(5))
          .sayHello(HelloRequest.newBuilder().setName("alice").build());
      System.out.println(reply.getMessage());
    }
  }
}
