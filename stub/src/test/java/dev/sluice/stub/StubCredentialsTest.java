package dev.sluice.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.BearerTokenCredentials;
import dev.sluice.BearerTokenCredentials.Token;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.filter.BearerTokenCheck;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Call credentials through a stub: {@code withCallCredentials} sends them with each call of the
 * new stub (in-process counts as secure, so no plaintext allowance is needed), the stub it was
 * made from sends none.
 */
class StubCredentialsTest {

  private static final MethodDescriptor<String, String> WHO =
      Strings.method("Who", MethodType.UNARY);

  /** The smallest stub: what generated stubs extend. */
  private static final class Stub extends AbstractStub<Stub> {
    Stub(Channel channel, CallOptions options, Metadata headers) {
      super(channel, options, headers);
    }

    @Override
    protected Stub build(Channel channel, CallOptions options, Metadata headers) {
      return new Stub(channel, options, headers);
    }

    String who(String request) {
      return ClientCalls.blockingUnary(channel(), WHO, options(), headers(), request);
    }
  }

  private static Harness serve() throws Exception {
    return Harness.start(b -> b.filter(new BearerTokenCheck("s3cret"::equals))
        .addMethod(WHO, ServerCalls.<String, String>unary((req, ctx) -> "hello " + req)));
  }

  @Test
  void withCallCredentials_tokenSentOverInproc_serverAccepts() throws Exception {
    try (Harness h = serve()) {
      Stub stub = new Stub(h.channel, CallOptions.DEFAULT, new Metadata())
          .withCallCredentials(BearerTokenCredentials.of(
              () -> CompletableFuture.completedFuture(new Token("s3cret", null))));

      assertThat(stub.who("ada")).isEqualTo("hello ada");
    }
  }

  @Test
  void stubWithoutCredentials_unauthenticated_derivedStubKeepsThem() throws Exception {
    try (Harness h = serve()) {
      Stub plain = new Stub(h.channel, CallOptions.DEFAULT, new Metadata());
      Stub authed = plain.withCallCredentials(BearerTokenCredentials.of(
          () -> CompletableFuture.completedFuture(new Token("s3cret", null))));

      StatusException e = catchThrowableOfType(StatusException.class, () -> plain.who("ada"));

      assertThat(e.status().code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(authed.withTimeout(java.time.Duration.ofSeconds(20)).who("bob"))
          .isEqualTo("hello bob");
      assertThat(authed.options().callCredentials()).isNotNull();
      assertThat(plain.options().callCredentials()).isNull();
    }
  }
}
