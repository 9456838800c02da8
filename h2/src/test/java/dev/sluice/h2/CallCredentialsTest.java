package dev.sluice.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.BearerTokenCredentials;
import dev.sluice.BearerTokenCredentials.Token;
import dev.sluice.Call;
import dev.sluice.CallCredentials;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.CompletionQueue;
import dev.sluice.Metadata;
import dev.sluice.MethodDescriptor;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.filter.BearerTokenCheck;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.TestCerts;
import dev.sluice.h2.netty.TlsConfig;
import dev.sluice.testing.Marshallers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-call credentials end to end: a bearer token fetched once for many calls over TLS and
 * checked by the server's {@link BearerTokenCheck}; refusals over plaintext, failed token
 * sources and the deadline, each with the status and message a person can act on.
 */
class CallCredentialsTest {

  private static final MethodDescriptor<String, String> ECHO = MethodDescriptor.create(
      "sluice.test.Creds/Echo", MethodDescriptor.MethodType.UNARY, Marshallers.IMMUTABLE_STRINGS,
      Marshallers.IMMUTABLE_STRINGS);

  private final TestCerts certs = TestCerts.shared();
  private final AtomicInteger handled = new AtomicInteger();
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

  private int startServer(TlsConfig tls) throws Exception {
    NettyServerListener listener = NettyServerListener
        .forAddress(new InetSocketAddress("127.0.0.1", 0)).tls(tls).build();
    server = Server.builder().listener(listener)
        .filter(new BearerTokenCheck("good-token"::equals))
        .addMethod(ECHO, call -> {
          handled.incrementAndGet();
          CompletionQueue q = new CompletionQueue();
          Batch b = new Batch().recvMessage();
          call.startBatch(b, q, "in");
          q.next(Duration.ofSeconds(10));
          Batch out = new Batch().sendInitialMetadata(new Metadata()).sendMessage("ok")
              .sendStatusFromServer(Status.OK, new Metadata());
          call.startBatch(out, q, "out");
          q.next(Duration.ofSeconds(10));
        }).build().start();
    return ((InetSocketAddress) listener.boundAddress()).getPort();
  }

  private void channel(int port, TlsConfig tls) {
    channel = Channel.builder(NettyConnector.forAddress(new InetSocketAddress("localhost", port))
        .tls(tls).build()).build();
  }

  private CompletableFuture<Status> call(CallCredentials creds, CallOptions options) {
    Call c = channel.newCall(ECHO, creds != null ? options.withCallCredentials(creds) : options);
    CompletableFuture<Status> done = new CompletableFuture<>();
    c.startBatch(new Batch().sendInitialMetadata(new Metadata()).sendMessage("hi")
        .sendCloseFromClient().recvMessage().recvStatusOnClient(),
        (b, ok) -> done.complete(b.status()));
    return done;
  }

  private static Status await(CompletableFuture<Status> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  /** A token source that answers later, on another thread, and counts its fetches. */
  private static Supplier<CompletionStage<Token>> counting(AtomicInteger fetches, String token) {
    return () -> {
      fetches.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> new Token(token, null),
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    };
  }

  @Test
  void bearerToken_overTls_fetchedOnceForManyCalls_serverAcceptsThem() throws Exception {
    channel(startServer(certs.server().build()), certs.client().build());
    AtomicInteger fetches = new AtomicInteger();
    BearerTokenCredentials creds = BearerTokenCredentials.of(counting(fetches, "good-token"));
    List<CompletableFuture<Status>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(call(creds, CallOptions.DEFAULT));
    }
    for (CompletableFuture<Status> f : calls) {
      Status s = await(f);
      assertThat(s.isOk()).as(String.valueOf(s)).isTrue();
    }
    assertThat(await(call(creds, CallOptions.DEFAULT)).isOk()).isTrue();
    assertThat(fetches.get()).isEqualTo(1);
    assertThat(handled.get()).isEqualTo(51);
  }

  @Test
  void credentialsOverPlaintext_refusedUnauthenticated_neverSent() throws Exception {
    channel(startServer(null), null);
    AtomicInteger fetches = new AtomicInteger();
    Status s = await(call(BearerTokenCredentials.of(counting(fetches, "good-token")),
        CallOptions.DEFAULT));
    assertThat(s.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.description()).contains("not secure (no TLS)").contains("allow plaintext");
    assertThat(fetches.get()).isZero();
    assertThat(handled.get()).isZero();
  }

  @Test
  void credentialsAllowingPlaintext_overPlaintext_succeed() throws Exception {
    channel(startServer(null), null);
    Status s = await(call(BearerTokenCredentials.of(counting(new AtomicInteger(), "good-token"))
        .allowingPlaintext(), CallOptions.DEFAULT));
    assertThat(s.isOk()).as(String.valueOf(s)).isTrue();
  }

  @Test
  void tokenSourceFails_callUnauthenticatedWithItsMessage_nextCallAsksAgain() throws Exception {
    channel(startServer(certs.server().build()), certs.client().build());
    AtomicInteger fetches = new AtomicInteger();
    BearerTokenCredentials creds = BearerTokenCredentials.of(() -> {
      fetches.incrementAndGet();
      return CompletableFuture.failedFuture(new IllegalStateException("token service is down"));
    });
    Status s = await(call(creds, CallOptions.DEFAULT));
    assertThat(s.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.description()).contains("token service is down");
    await(call(creds, CallOptions.DEFAULT));
    assertThat(fetches.get()).isEqualTo(2);
    assertThat(handled.get()).isZero();
  }

  @Test
  void tokenSourceNeverAnswers_deadlineStillCounts() throws Exception {
    channel(startServer(certs.server().build()), certs.client().build());
    BearerTokenCredentials creds = BearerTokenCredentials.of(CompletableFuture::new);
    Status s = await(call(creds, CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200))));
    // Which layer's timer words the status (this filter's, the deadline filter's, the channel's
    // wait for a connection) is a race between timers set for the same instant; the code is not.
    assertThat(s.code()).as(String.valueOf(s)).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(handled.get()).isZero();
  }

  @Test
  void server_noToken_orWrongToken_unauthenticatedBeforeTheHandler() throws Exception {
    channel(startServer(certs.server().build()), certs.client().build());
    Status none = await(call(null, CallOptions.DEFAULT));
    assertThat(none.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(none.description()).contains("No authorization header");
    Status wrong = await(call(BearerTokenCredentials.of(
        counting(new AtomicInteger(), "bad-token")), CallOptions.DEFAULT));
    assertThat(wrong.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(wrong.description()).contains("not accepted");
    assertThat(handled.get()).isZero();
  }

  @Test
  void channelCredentials_sentWithEveryCall_aCallsOwnReplaceThem() throws Exception {
    int port = startServer(certs.server().build());
    AtomicInteger fetches = new AtomicInteger();
    channel = Channel.builder(NettyConnector.forAddress(new InetSocketAddress("localhost", port))
            .tls(certs.client().build()).build())
        .callCredentials(BearerTokenCredentials.of(counting(fetches, "good-token"))).build();
    assertThat(await(call(null, CallOptions.DEFAULT)).isOk()).isTrue();
    assertThat(await(call(null, CallOptions.DEFAULT)).isOk()).isTrue();
    assertThat(fetches.get()).isEqualTo(1);
    Status own = await(call(BearerTokenCredentials.of(counting(new AtomicInteger(),
        "bad-token")), CallOptions.DEFAULT));
    assertThat(own.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(own.description()).contains("not accepted");
    assertThat(handled.get()).isEqualTo(2);
  }

  @Test
  void channelCredentials_overPlaintextConnector_refusedBeforeAnyFetch() throws Exception {
    int port = startServer(null);
    AtomicInteger fetches = new AtomicInteger();
    channel = Channel.builder(NettyConnector.forAddress(new InetSocketAddress("localhost", port))
            .build())
        .callCredentials(BearerTokenCredentials.of(counting(fetches, "good-token"))).build();
    Status s = await(call(null, CallOptions.DEFAULT));
    assertThat(s.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(s.description()).contains("/sluice.test.Creds/Echo").contains("not secure");
    assertThat(fetches.get()).isZero();
    assertThat(handled.get()).isZero();
  }
}
