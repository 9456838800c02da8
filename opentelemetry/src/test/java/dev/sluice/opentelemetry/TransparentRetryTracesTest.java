package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.ServerCalls;
import dev.sluice.testing.Marshallers;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transparent retry over real sockets shows as a second attempt span marked {@code
 * transparent-retry}: a call queued in a connection that a GOAWAY then closes to new streams is
 * sent again on another server, the server span under the retry.
 */
class TransparentRetryTracesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final MethodDescriptor<byte[], byte[]> HOLD = unary("otel.trace.Goaway/Hold");
  private static final MethodDescriptor<byte[], byte[]> WHO = unary("otel.trace.Goaway/Who");

  private final SpanRecorder recorder = new SpanRecorder();
  private final SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(recorder.sdk).build();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private Server first;
  private Server second;
  private Channel channel;

  private static MethodDescriptor<byte[], byte[]> unary(String name) {
    return MethodDescriptor.create(name, MethodType.UNARY, Marshallers.BYTES, Marshallers.BYTES);
  }

  private Server start(String host, String name, H2Config config, int[] port) throws Exception {
    NettyServerListener l = NettyServerListener.forAddress(new InetSocketAddress(host, 0))
        .config(config).build();
    Server s = otel.configure(Server.builder().listener(l)
        .addMethod(HOLD, ServerCalls.<byte[], byte[]>unary((req, ctx) -> {
          held.countDown();
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          return name.getBytes(StandardCharsets.UTF_8);
        }))
        .addMethod(WHO, ServerCalls.<byte[], byte[]>unary(
            (req, ctx) -> name.getBytes(StandardCharsets.UTF_8)))).build().start();
    port[0] = ((InetSocketAddress) l.boundAddress()).getPort();
    return s;
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    for (Server s : new Server[] {first, second}) {
      if (s != null) {
        s.shutdownNow();
        assertThat(s.awaitTermination(WAIT)).isTrue();
      }
    }
    recorder.close();
  }

  @Test
  void goaway_callQueuedInTheConnection_isRetriedTransparently_underTheSameCallSpan()
      throws Exception {
    int[] p1 = new int[1];
    int[] p2 = new int[1];
    // One stream at a time on the first server: a held call takes it, the next waits inside
    // the client's connection, never sent.
    first = start("127.0.0.1", "first", H2Config.DEFAULT.withMaxConcurrentStreams(1), p1);
    second = start("127.0.0.2", "second", H2Config.DEFAULT, p2);
    channel = otel.configure(Channel.builder(
        "ipv4:127.0.0.1:" + p1[0] + ",127.0.0.2:" + p2[0])).build();
    CompletableFuture<byte[]> hold = ClientCalls.futureUnary(channel, HOLD, CallOptions.DEFAULT,
        new byte[0]);
    assertThat(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    CompletableFuture<byte[]> queued = ClientCalls.futureUnary(channel, WHO, CallOptions.DEFAULT,
        new byte[0]);
    recorder.awaitStarted("Attempt.otel.trace.Goaway.Who", 1, WAIT);

    first.shutdown(); // GOAWAY: the queued stream was never processed

    assertThat(new String(queued.get(WAIT.toSeconds(), TimeUnit.SECONDS),
        StandardCharsets.UTF_8)).isEqualTo("second");
    release.countDown();
    assertThat(hold.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();

    SpanData call = recorder.one("Sent.otel.trace.Goaway.Who", WAIT);
    List<SpanData> attempts = recorder.await("Attempt.otel.trace.Goaway.Who", 2, WAIT);
    assertThat(attempts).hasSize(2);
    SpanData gone = attempts.stream()
        .filter(a -> !a.getAttributes().get(Spans.TRANSPARENT_RETRY)).findFirst().orElseThrow();
    SpanData retry = attempts.stream()
        .filter(a -> a.getAttributes().get(Spans.TRANSPARENT_RETRY)).findFirst().orElseThrow();
    for (SpanData a : attempts) {
      assertThat(a.getParentSpanId()).isEqualTo(call.getSpanId());
      assertThat(a.getAttributes().get(Spans.PREVIOUS_ATTEMPTS)).isZero();
    }
    assertThat(gone.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(retry.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData recv = recorder.one("Recv.otel.trace.Goaway.Who", WAIT);
    assertThat(recv.getParentSpanId()).isEqualTo(retry.getSpanId());
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }
}
