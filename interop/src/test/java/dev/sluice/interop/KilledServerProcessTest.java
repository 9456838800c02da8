package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.h2.netty.NettyTransportFactory;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server in its own JVM killed with SIGKILL in the middle of a call: the call ends
 * UNAVAILABLE, calls fail fast while nothing listens, and once a server is back on the port a
 * wait-for-ready call gets through on a new connection, made when the reconnect backoff (1 s on
 * the channel's virtual clock, no jitter) has passed and not before.
 */
class KilledServerProcessTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Sluice's interop server in a new JVM, from this test's class path. */
  private static PeerProcess sluiceServer(int port) throws Exception {
    PeerProcess p = PeerProcess.start(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        InteropServer.class.getName(), "--port=" + port));
    p.awaitListening(port, WAIT);
    return p;
  }

  @Test
  void serverProcessKilledMidCall_callEndsUnavailable_nextCallReconnectsAfterBackoff()
      throws Exception {
    int port = PeerProcess.freePort();
    ManualTimeSource clock = new ManualTimeSource();
    CountingTransportFactory counting = new CountingTransportFactory(new NettyTransportFactory());
    Channel channel = Channel.builder("ipv4:127.0.0.1:" + port)
        .transport(counting)
        .timeSource(clock)
        .backoffJitterSource(() -> 0.5)
        .build();
    PeerProcess server = sluiceServer(port);
    try {
      assertThat(emptyCall(channel, CallOptions.DEFAULT).get(60, TimeUnit.SECONDS).isOk())
          .isTrue();

      // A server-streaming call: one response now, the next ones 10 s apart.
      Call streaming = channel.newCall(TestServiceMethods.STREAMING_OUTPUT_CALL,
          CallOptions.DEFAULT.withTimeout(WAIT));
      StreamingOutputCallRequest request = StreamingOutputCallRequest.newBuilder()
          .addResponseParameters(ResponseParameters.newBuilder().setSize(1))
          .addResponseParameters(ResponseParameters.newBuilder().setSize(1)
              .setIntervalUs(10_000_000))
          .addResponseParameters(ResponseParameters.newBuilder().setSize(1)
              .setIntervalUs(10_000_000))
          .build();
      assertThat(Await.batch(streaming, new Batch().sendInitialMetadata(new Metadata())
          .sendMessage(request).sendCloseFromClient())).isTrue();
      Batch first = new Batch().recvMessage();
      assertThat(Await.batch(streaming, first)).isTrue();
      assertThat((Object) first.message()).isNotNull();

      server.kill();

      Batch rest = new Batch().recvMessage();
      Await.batch(streaming, rest);
      Batch end = new Batch().recvStatusOnClient();
      Await.batch(streaming, end);
      assertThat((Object) rest.message()).isNull();
      assertThat(end.status().code()).as(String.valueOf(end.status()))
          .isEqualTo(Status.Code.UNAVAILABLE);

      // Nothing listens: a fail-fast call tries to connect, is refused, and fails.
      Status refused = emptyCall(channel, CallOptions.DEFAULT).get(60, TimeUnit.SECONDS);
      assertThat(refused.code()).as(String.valueOf(refused)).isEqualTo(Status.Code.UNAVAILABLE);
      int attemptsBeforeRestart = counting.connections();

      server = sluiceServer(port);
      CompletableFuture<Status> waiting = emptyCall(channel,
          CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT));
      // The channel waits out its backoff: a 1 s timer on its clock, no new connection yet.
      awaitUntil(() -> clock.pendingDelays().contains(Duration.ofSeconds(1)));
      assertThat(counting.connections()).isEqualTo(attemptsBeforeRestart);
      assertThat(waiting).isNotDone();

      clock.forward(Duration.ofSeconds(1));

      assertThat(waiting.get(60, TimeUnit.SECONDS).isOk()).isTrue();
      assertThat(counting.connections()).isEqualTo(attemptsBeforeRestart + 1);
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(Duration.ofSeconds(30));
      server.close();
    }
  }

  /** An EmptyCall; the future completes with its status. */
  private static CompletableFuture<Status> emptyCall(Channel channel, CallOptions options) {
    CompletableFuture<Status> done = new CompletableFuture<>();
    Call call = channel.newCall(TestServiceMethods.EMPTY_CALL, options);
    call.startBatch(new Batch().sendInitialMetadata(new Metadata())
        .sendMessage(Empty.getDefaultInstance()).sendCloseFromClient().recvMessage()
        .recvStatusOnClient(), (b, ok) -> done.complete(b.status()));
    return done;
  }

  /** Waits (up to a minute) for a condition that another thread makes true. */
  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("Condition not met within " + WAIT);
      }
      Thread.sleep(10);
    }
  }
}
