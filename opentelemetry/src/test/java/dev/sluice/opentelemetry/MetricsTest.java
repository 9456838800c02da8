package dev.sluice.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.MethodDescriptor;
import dev.sluice.MethodDescriptor.MethodType;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.inproc.InProcessServerListener;
import dev.sluice.stub.BlockingClientCall;
import dev.sluice.stub.ClientCalls;
import dev.sluice.stub.ServerCalls;
import dev.sluice.testing.Marshallers;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The A66 instruments, read back from the real OpenTelemetry SDK through its in-memory reader,
 * for OK, failed, cancelled and deadline-exceeded calls, unary and streaming, over the
 * in-process transport and HTTP/2 on loopback.
 */
class MetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger ids = new AtomicInteger();
  private static final String SERVICE = "otel.test.Echo";
  /** A schema descriptor, as generated stubs attach: the client then keeps the method's name. */
  private static final Object GENERATED = new Object();

  static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> SERVER_STREAMING =
      method("ServerStreaming", MethodType.SERVER_STREAMING);
  static final MethodDescriptor<byte[], byte[]> CLIENT_STREAMING =
      method("ClientStreaming", MethodType.CLIENT_STREAMING);
  static final MethodDescriptor<byte[], byte[]> BIDI = method("Bidi", MethodType.BIDI_STREAMING);
  static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodType.UNARY);

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meters = SdkMeterProvider.builder()
      .registerMetricReader(reader).build();
  private final SluiceOpenTelemetry otel = SluiceOpenTelemetry.builder(
      OpenTelemetrySdk.builder().setMeterProvider(meters).build()).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch hanging = new CountDownLatch(1);
  private Server server;
  private Channel channel;
  private String target;

  private static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
    return MethodDescriptor.create(SERVICE + "/" + name, type, Marshallers.BYTES,
        Marshallers.BYTES).withSchemaDescriptor(GENERATED);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void start(String transport) throws Exception {
    Server.Builder b = Server.builder()
        .addMethod(UNARY, ServerCalls.<byte[], byte[]>unary((req, ctx) -> {
          if (new String(req, StandardCharsets.UTF_8).startsWith("fail")) {
            throw Status.INVALID_ARGUMENT.withDescription("asked to fail").asException();
          }
          return req;
        }))
        .addMethod(SERVER_STREAMING, ServerCalls.<byte[], byte[]>serverStreaming((req, out) -> {
          for (int i = 0; i < 3; i++) {
            out.write(req);
          }
        }))
        .addMethod(CLIENT_STREAMING, ServerCalls.<byte[], byte[]>clientStreaming(in -> {
          int n = 0;
          while (in.read() != null) {
            n++;
          }
          return new byte[n];
        }))
        .addMethod(BIDI, ServerCalls.<byte[], byte[]>bidi(s -> {
          byte[] m;
          while ((m = s.read()) != null) {
            s.write(m);
          }
        }))
        .addMethod(HANG, ServerCalls.<byte[], byte[]>unary((req, ctx) -> {
          hanging.countDown();
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          throw Status.UNAVAILABLE.withDescription("released").asException();
        }));
    if (transport.equals("inproc")) {
      String name = "otel-" + ids.incrementAndGet();
      b.listener(new InProcessServerListener(name));
      target = "inproc:" + name;
    } else {
      NettyServerListener l = NettyServerListener.forAddress(
          new InetSocketAddress("127.0.0.1", 0)).build();
      b.listener(l);
      server = otel.configure(b).build().start();
      target = "ipv4:127.0.0.1:" + ((InetSocketAddress) l.boundAddress()).getPort();
      channel = otel.configure(Channel.builder(target)).build();
      return;
    }
    server = otel.configure(b).build().start();
    channel = otel.configure(Channel.builder(target)).build();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow();
      assertThat(channel.awaitTermination(WAIT)).isTrue();
    }
    if (server != null) {
      server.shutdownNow();
      assertThat(server.awaitTermination(WAIT)).isTrue();
    }
    meters.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_ok_recordsEveryInstrument(String transport) throws Exception {
    start(transport);
    byte[] reply = ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, bytes("hello"));
    assertThat(reply).hasSize(5);

    Attributes attempt = Attributes.of(Instruments.METHOD, UNARY.fullName(),
        Instruments.TARGET, target);
    Attributes ended = client(UNARY, "OK");
    Attributes serverEnded = server(UNARY, "OK");
    awaitHistogram("grpc.server.call.duration", serverEnded, 1);

    assertThat(counter("grpc.client.attempt.started", "{attempt}", attempt)).isEqualTo(1);
    assertThat(histogram("grpc.client.attempt.duration", "s", ended).getCount()).isEqualTo(1);
    assertThat(histogram("grpc.client.call.duration", "s", ended).getCount()).isEqualTo(1);
    assertSize("grpc.client.attempt.sent_total_compressed_message_size", ended, 5);
    assertSize("grpc.client.attempt.rcvd_total_compressed_message_size", ended, 5);
    assertThat(counter("grpc.server.call.started", "{call}",
        Attributes.of(Instruments.METHOD, UNARY.fullName()))).isEqualTo(1);
    assertThat(histogram("grpc.server.call.duration", "s", serverEnded).getCount())
        .isEqualTo(1);
    assertSize("grpc.server.call.rcvd_total_compressed_message_size", serverEnded, 5);
    assertSize("grpc.server.call.sent_total_compressed_message_size", serverEnded, 5);
    HistogramPointData duration = histogram("grpc.client.call.duration", "s", ended);
    assertThat(duration.getBoundaries()).isEqualTo(Instruments.LATENCY_BUCKETS);
    assertThat(histogram("grpc.client.attempt.sent_total_compressed_message_size", "By", ended)
        .getBoundaries()).containsExactlyElementsOf(
            Instruments.SIZE_BUCKETS.stream().map(Long::doubleValue).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_error_recordsItsStatus(String transport) throws Exception {
    start(transport);
    Status s = callStatus(() -> ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT,
        bytes("fail!")));
    assertThat(s.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);

    awaitHistogram("grpc.server.call.duration", server(UNARY, "INVALID_ARGUMENT"), 1);
    Attributes ended = client(UNARY, "INVALID_ARGUMENT");
    assertThat(histogram("grpc.client.call.duration", "s", ended).getCount()).isEqualTo(1);
    assertThat(histogram("grpc.client.attempt.duration", "s", ended).getCount()).isEqualTo(1);
    assertSize("grpc.client.attempt.sent_total_compressed_message_size", ended, 5);
    assertSize("grpc.client.attempt.rcvd_total_compressed_message_size", ended, 0);
    assertSize("grpc.server.call.rcvd_total_compressed_message_size",
        server(UNARY, "INVALID_ARGUMENT"), 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void unary_deadlineExceeded_recordsDeadlineExceededOnBothSides(String transport)
      throws Exception {
    start(transport);
    Status s = callStatus(() -> ClientCalls.blockingUnary(channel, HANG,
        CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300)), bytes("x")));
    assertThat(s.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    Attributes ended = client(HANG, "DEADLINE_EXCEEDED");
    assertThat(histogram("grpc.client.call.duration", "s", ended).getCount()).isEqualTo(1);
    assertThat(histogram("grpc.client.attempt.duration", "s", ended).getCount()).isEqualTo(1);
    // The server's own timer and the client's reset race: over HTTP/2 the reset may come
    // first, and then the server's call ends CANCELLED. Either way it is recorded once.
    long end = System.nanoTime() + WAIT.toNanos();
    long seen = 0;
    while (seen == 0 && System.nanoTime() < end) {
      Collection<MetricData> all = reader.collectAllMetrics();
      seen = findHistogram(all, "grpc.server.call.duration", "s",
          server(HANG, "DEADLINE_EXCEEDED")).map(HistogramPointData::getCount).orElse(0L)
          + findHistogram(all, "grpc.server.call.duration", "s", server(HANG, "CANCELLED"))
              .map(HistogramPointData::getCount).orElse(0L);
      if (seen == 0) {
        Thread.sleep(5);
      }
    }
    assertThat(seen).as("server calls of Hang recorded").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void bidi_cancelled_recordsCancelledOnBothSides(String transport) throws Exception {
    start(transport);
    BlockingClientCall<byte[], byte[]> call =
        ClientCalls.blockingCall(channel, BIDI, CallOptions.DEFAULT);
    assertThat(call.write(bytes("ping"))).isTrue();
    assertThat(call.read()).hasSize(4);
    call.cancel("the test is done with it");
    assertThat(call.finish().code()).isEqualTo(Status.Code.CANCELLED);

    Attributes ended = client(BIDI, "CANCELLED");
    assertThat(histogram("grpc.client.call.duration", "s", ended).getCount()).isEqualTo(1);
    assertSize("grpc.client.attempt.sent_total_compressed_message_size", ended, 4);
    assertSize("grpc.client.attempt.rcvd_total_compressed_message_size", ended, 4);
    awaitHistogram("grpc.server.call.duration", server(BIDI, "CANCELLED"), 1);
    assertSize("grpc.server.call.rcvd_total_compressed_message_size", server(BIDI, "CANCELLED"),
        4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void streaming_ok_sumsEveryMessage(String transport) throws Exception {
    start(transport);
    BlockingClientCall<byte[], byte[]> ss = ClientCalls.blockingServerStreaming(channel,
        SERVER_STREAMING, CallOptions.DEFAULT, new dev.sluice.Metadata(), bytes("abc"));
    int n = 0;
    while (ss.read() != null) {
      n++;
    }
    assertThat(n).isEqualTo(3);
    assertThat(ss.finish().isOk()).isTrue();

    BlockingClientCall<byte[], byte[]> cs =
        ClientCalls.blockingCall(channel, CLIENT_STREAMING, CallOptions.DEFAULT);
    for (int i = 0; i < 4; i++) {
      assertThat(cs.write(bytes("12345678"))).isTrue();
    }
    cs.writesDone();
    assertThat(cs.read()).hasSize(4);
    assertThat(cs.finish().isOk()).isTrue();

    assertSize("grpc.client.attempt.sent_total_compressed_message_size",
        client(SERVER_STREAMING, "OK"), 3);
    assertSize("grpc.client.attempt.rcvd_total_compressed_message_size",
        client(SERVER_STREAMING, "OK"), 9);
    assertSize("grpc.client.attempt.sent_total_compressed_message_size",
        client(CLIENT_STREAMING, "OK"), 32);
    assertSize("grpc.client.attempt.rcvd_total_compressed_message_size",
        client(CLIENT_STREAMING, "OK"), 4);
    awaitHistogram("grpc.server.call.duration", server(CLIENT_STREAMING, "OK"), 1);
    awaitHistogram("grpc.server.call.duration", server(SERVER_STREAMING, "OK"), 1);
    assertSize("grpc.server.call.sent_total_compressed_message_size",
        server(SERVER_STREAMING, "OK"), 9);
    assertSize("grpc.server.call.rcvd_total_compressed_message_size",
        server(CLIENT_STREAMING, "OK"), 32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inproc", "h2"})
  void methodNotGenerated_recordedAsOther(String transport) throws Exception {
    start(transport);
    MethodDescriptor<byte[], byte[]> handMade = MethodDescriptor.create(
        SERVICE + "/Unknown", MethodType.UNARY, Marshallers.BYTES, Marshallers.BYTES);
    Status s = callStatus(() -> ClientCalls.blockingUnary(channel, handMade, CallOptions.DEFAULT,
        bytes("?")));
    assertThat(s.code()).isEqualTo(Status.Code.UNIMPLEMENTED);

    Attributes ended = Attributes.of(Instruments.METHOD, "other", Instruments.TARGET, target,
        Instruments.STATUS, "UNIMPLEMENTED");
    assertThat(histogram("grpc.client.call.duration", "s", ended).getCount()).isEqualTo(1);
    awaitHistogram("grpc.server.call.duration", Attributes.of(Instruments.METHOD, "other",
        Instruments.STATUS, "UNIMPLEMENTED"), 1);
    assertThat(counter("grpc.server.call.started", "{call}",
        Attributes.of(Instruments.METHOD, "other"))).isEqualTo(1);
  }

  @Test
  void twoTargets_oneTelemetry_eachTargetAndStatusRecordedApart() throws Exception {
    start("h2");
    // A second channel of the same telemetry to the same server under another target name:
    // the cached labels are per target and per status, never shared across them.
    String other = target.replace("ipv4:", "dns:///");
    Channel second = otel.configure(Channel.builder(other)).build();
    try {
      ClientCalls.blockingUnary(channel, UNARY, CallOptions.DEFAULT, bytes("a"));
      for (int i = 0; i < 2; i++) {
        ClientCalls.blockingUnary(second, UNARY, CallOptions.DEFAULT, bytes("b"));
      }
      Status s = callStatus(() -> ClientCalls.blockingUnary(second, UNARY, CallOptions.DEFAULT,
          bytes("fail")));
      assertThat(s.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    } finally {
      second.shutdownNow();
      assertThat(second.awaitTermination(WAIT)).isTrue();
    }

    assertThat(counter("grpc.client.attempt.started", "{attempt}",
        Attributes.of(Instruments.METHOD, UNARY.fullName(), Instruments.TARGET, target)))
        .isEqualTo(1);
    assertThat(counter("grpc.client.attempt.started", "{attempt}",
        Attributes.of(Instruments.METHOD, UNARY.fullName(), Instruments.TARGET, other)))
        .isEqualTo(3);
    Attributes secondOk = Attributes.of(Instruments.METHOD, UNARY.fullName(),
        Instruments.TARGET, other, Instruments.STATUS, "OK");
    Attributes secondFailed = Attributes.of(Instruments.METHOD, UNARY.fullName(),
        Instruments.TARGET, other, Instruments.STATUS, "INVALID_ARGUMENT");
    assertThat(histogram("grpc.client.call.duration", "s", client(UNARY, "OK")).getCount())
        .isEqualTo(1);
    assertThat(histogram("grpc.client.call.duration", "s", secondOk).getCount()).isEqualTo(2);
    assertThat(histogram("grpc.client.attempt.duration", "s", secondFailed).getCount())
        .isEqualTo(1);
    awaitHistogram("grpc.server.call.duration", server(UNARY, "OK"), 3);
    awaitHistogram("grpc.server.call.duration", server(UNARY, "INVALID_ARGUMENT"), 1);
  }

  // ---------------------------------------------------------------- helpers

  private Attributes client(MethodDescriptor<?, ?> m, String status) {
    return Attributes.of(Instruments.METHOD, m.fullName(), Instruments.TARGET, target,
        Instruments.STATUS, status);
  }

  private static Attributes server(MethodDescriptor<?, ?> m, String status) {
    return Attributes.of(Instruments.METHOD, m.fullName(), Instruments.STATUS, status);
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  private static Status callStatus(Body body) {
    try {
      body.run();
    } catch (Exception e) {
      return Status.fromThrowable(e);
    }
    return Status.OK;
  }

  private MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
  }

  private long counter(String name, String unit, Attributes attrs) {
    MetricData m = metric(reader.collectAllMetrics(), name);
    assertThat(m.getUnit()).isEqualTo(unit);
    assertThat(m.getInstrumentationScopeInfo().getName()).isEqualTo("sluice");
    return m.getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(attrs))
        .mapToLong(LongPointData::getValue).sum();
  }

  private HistogramPointData histogram(String name, String unit, Attributes attrs) {
    return findHistogram(reader.collectAllMetrics(), name, unit, attrs)
        .orElseThrow(() -> new AssertionError("no point of " + name + " with " + attrs + " in "
            + metric(reader.collectAllMetrics(), name)));
  }

  private Optional<HistogramPointData> findHistogram(Collection<MetricData> all, String name,
      String unit, Attributes attrs) {
    Optional<MetricData> m = all.stream().filter(d -> d.getName().equals(name)).findFirst();
    m.ifPresent(d -> assertThat(d.getUnit()).isEqualTo(unit));
    return m.flatMap(d -> d.getHistogramData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attrs)).findFirst());
  }

  private void assertSize(String name, Attributes attrs, long sum) {
    HistogramPointData p = histogram(name, "By", attrs);
    assertThat(p.getSum()).as(name + " " + attrs).isEqualTo((double) sum);
  }

  /** Server calls end when their stream closes, which may be after the client saw its status. */
  private void awaitHistogram(String name, Attributes attrs, long count) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      Optional<HistogramPointData> p = findHistogram(reader.collectAllMetrics(), name,
          name.endsWith("duration") ? "s" : "By", attrs);
      if (p.isPresent() && p.get().getCount() >= count) {
        assertThat(p.get().getCount()).isEqualTo(count);
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no " + count + " points of " + name + " with " + attrs + " in "
        + List.copyOf(reader.collectAllMetrics()));
  }
}
