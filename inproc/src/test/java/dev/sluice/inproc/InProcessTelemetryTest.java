package dev.sluice.inproc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.MethodDescriptor;
import dev.sluice.RetryPushback;
import dev.sluice.Status;
import dev.sluice.channel.ManualTimeSource;
import dev.sluice.telemetry.AttemptKind;
import dev.sluice.telemetry.AttemptTracer;
import dev.sluice.telemetry.ClientCallTracer;
import dev.sluice.telemetry.ClientTelemetry;
import dev.sluice.testing.RetryBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client telemetry hooks where retries and hedging run attempts: each attempt reports its
 * kind and its end, and the call ends once, after them.
 */
class InProcessTelemetryTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ids = new AtomicInteger();

  private final String name = "telemetry-test-" + ids.incrementAndGet();
  private final ManualTimeSource clock = new ManualTimeSource();
  private final Recorder recorder = new Recorder();
  private RetryBackend backend;
  private Channel channel;

  @BeforeEach
  void startBackend() throws Exception {
    backend = RetryBackend.start(new InProcessServerListener(name));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    backend.close();
  }

  private void channel(String policy) {
    channel = Channel.builder("inproc:" + name).timeSource(clock).telemetry(recorder)
        .defaultServiceConfig("{\"methodConfig\": [{\"name\": [{\"service\": \""
            + RetryBackend.SERVICE + "\"}], " + policy + "}]}")
        .build();
  }

  @Test
  void retry_eachAttemptReportsItsKindAndEnd_thenTheCallEnds() throws Exception {
    channel("\"retryPolicy\": {\"maxAttempts\": 3, \"initialBackoff\": \"1s\","
        + " \"maxBackoff\": \"1s\", \"backoffMultiplier\": 1,"
        + " \"retryableStatusCodes\": [\"UNAVAILABLE\"]}");
    backend.failNext(1, Status.UNAVAILABLE, RetryPushback.retryAfter(Duration.ZERO));

    RetryBackend.Outcome r = RetryBackend.unary(channel, CallOptions.DEFAULT);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    assertThat(recorder.events).containsExactly(
        "call " + RetryBackend.UNARY.fullName() + " inproc:" + name,
        "attempt FIRST", "sent 1", "ended 1 UNAVAILABLE",
        "attempt RETRY", "sent 2", "rcvd 2", "ended 2 OK",
        "call ended OK");
  }

  @Test
  void hedging_laterAttemptsAreHedges_theCancelledOnesEndCancelled() throws Exception {
    channel("\"hedgingPolicy\": {\"maxAttempts\": 2, \"hedgingDelay\": \"1s\","
        + " \"nonFatalStatusCodes\": [\"UNAVAILABLE\"]}");
    backend.stallNext(1);

    CompletableFuture<RetryBackend.Outcome> f =
        RetryBackend.call(channel, RetryBackend.STALL, CallOptions.DEFAULT, "hi");
    assertThat(backend.awaitSeen(1, WAIT)).isTrue();
    long end = System.nanoTime() + WAIT.toNanos();
    while (!clock.pendingDelays().contains(Duration.ofSeconds(1)) && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    clock.forward(Duration.ofSeconds(1));
    RetryBackend.Outcome r = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(r.status().isOk()).as(String.valueOf(r.status())).isTrue();
    end = System.nanoTime() + WAIT.toNanos();
    while (!recorder.events.contains("ended 1 CANCELLED") && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    assertThat(recorder.events).contains("attempt FIRST", "attempt HEDGE", "ended 2 OK",
        "ended 1 CANCELLED", "call ended OK");
    assertThat(recorder.events.stream().filter(e -> e.startsWith("call ended"))).hasSize(1);
  }

  @Test
  void failedBeforeStart_endsTheCallWithoutAttempts() {
    channel = Channel.builder("inproc:" + name).telemetry(recorder).build();
    channel.shutdown();

    RetryBackend.Outcome r;
    try {
      r = RetryBackend.unary(channel, CallOptions.DEFAULT);
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    assertThat(r.status().code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(recorder.events).containsExactly(
        "call " + RetryBackend.UNARY.fullName() + " inproc:" + name, "call ended UNAVAILABLE");
  }

  /** Writes every hook down, in order; attempts are numbered as they start. */
  private static final class Recorder implements ClientTelemetry {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public ClientCallTracer newCall(MethodDescriptor<?, ?> method, String target) {
      events.add("call " + method.fullName() + " " + target);
      AtomicInteger attempts = new AtomicInteger();
      return new ClientCallTracer() {
        @Override
        public AttemptTracer attemptStarted(AttemptKind kind, long pickDelayNanos) {
          assertThat(pickDelayNanos).isNotNegative();
          int n = attempts.incrementAndGet();
          events.add("attempt " + kind);
          return new AttemptTracer() {
            @Override
            public void outboundMessage(long wireBytes) {
              events.add("sent " + n);
            }

            @Override
            public void inboundMessage(long wireBytes) {
              events.add("rcvd " + n);
            }

            @Override
            public void attemptEnded(Status status) {
              events.add("ended " + n + " " + status.code());
            }
          };
        }

        @Override
        public void callEnded(Status status) {
          events.add("call ended " + status.code());
        }
      };
    }
  }
}
