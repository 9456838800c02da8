package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.channel.AttemptRecord;
import dev.sluice.channel.AttemptRecord.Outcome;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.transport.ConnectivityState;
import io.grpc.testing.integration.EmptyProtos.Empty;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sluice's client with a retry policy against grpc-java 1.79.0's interop server, its own
 * process, killed and restarted between two attempts of one call: the first attempt fails
 * UNAVAILABLE (nothing listens), and the retry, after its backoff on the channel's virtual
 * clock, reaches the restarted server and succeeds.
 */
class GrpcJavaRestartRetryTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static PeerProcess grpcJavaServer(int port) throws Exception {
    PeerProcess p = PeerProcess.startGrpcJava("io.grpc.testing.integration.TestServiceServer",
        List.of("--port=" + port, "--use_tls=false"));
    p.awaitListening(port, WAIT);
    return p;
  }

  @Test
  void serverRestartedBetweenAttempts_theRetryReachesIt() throws Exception {
    int port = PeerProcess.freePort();
    ManualTimeSource clock = new ManualTimeSource();
    Channel channel = Channel.builder("ipv4:127.0.0.1:" + port)
        .timeSource(clock)
        .backoffJitterSource(() -> 0.5) // no jitter: reconnect after 1 s, retry after 2 s
        .defaultServiceConfig("{\"methodConfig\": [{\"name\": [{\"service\":"
            + " \"grpc.testing.TestService\"}], \"retryPolicy\": {\"maxAttempts\": 3,"
            + " \"initialBackoff\": \"2s\", \"maxBackoff\": \"2s\", \"backoffMultiplier\": 1,"
            + " \"retryableStatusCodes\": [\"UNAVAILABLE\"]}}]}")
        .build();
    PeerProcess server = grpcJavaServer(port);
    try {
      assertThat(emptyCall(channel).get(60, TimeUnit.SECONDS).status().isOk()).isTrue();
      server.kill();
      awaitUntil(() -> channel.getState(false) != ConnectivityState.READY);

      CompletableFuture<Ended> call = emptyCall(channel);
      // Attempt 1 finds nothing listening; the retry waits 2 s on the channel's clock.
      awaitUntil(() -> clock.pendingDelays().contains(Duration.ofSeconds(2)));
      assertThat(call).isNotDone();
      server = grpcJavaServer(port);
      clock.forward(Duration.ofSeconds(1)); // the reconnect backoff ends: a new connection
      awaitUntil(() -> channel.getState(false) == ConnectivityState.READY);
      clock.forward(Duration.ofSeconds(1)); // the retry's backoff ends

      Ended ended = call.get(60, TimeUnit.SECONDS);
      assertThat(ended.status().isOk()).as(String.valueOf(ended.status())).isTrue();
      assertThat(ended.call().attempts()).extracting(AttemptRecord::number,
          AttemptRecord::outcome).containsExactly(tuple(1, Outcome.RETRIED_AFTER_BACKOFF),
          tuple(2, Outcome.DELIVERED));
      assertThat(ended.call().attempts().get(0).status().code())
          .isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(Duration.ofSeconds(30));
      server.close();
    }
  }

  private record Ended(Status status, Call call) {}

  private static CompletableFuture<Ended> emptyCall(Channel channel) {
    CompletableFuture<Ended> done = new CompletableFuture<>();
    Call call = channel.newCall(TestServiceMethods.EMPTY_CALL, CallOptions.DEFAULT);
    call.startBatch(new Batch().sendInitialMetadata(new Metadata())
        .sendMessage(Empty.getDefaultInstance()).sendCloseFromClient().recvMessage()
        .recvStatusOnClient(), (b, ok) -> done.complete(new Ended(b.status(), call)));
    return done;
  }

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
