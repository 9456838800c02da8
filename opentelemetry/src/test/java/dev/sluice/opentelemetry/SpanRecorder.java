package dev.sluice.opentelemetry;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The real OpenTelemetry SDK with W3C trace context and baggage propagators, its finished spans
 * in an in-memory exporter, and waits for spans that wake as each one starts or ends.
 */
final class SpanRecorder implements AutoCloseable {

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final Object ended = new Object();
  /** Names of the spans started so far; guarded by {@link #ended}. */
  private final List<String> started = new ArrayList<>();
  final SdkTracerProvider tracers = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(exporter))
      .addSpanProcessor(new SpanProcessor() {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
          synchronized (ended) {
            started.add(span.getName());
            ended.notifyAll();
          }
        }

        @Override
        public boolean isStartRequired() {
          return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {
          synchronized (ended) {
            ended.notifyAll(); // the exporter, registered first, already has it
          }
        }

        @Override
        public boolean isEndRequired() {
          return true;
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      })
      .build();
  final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(tracers)
      .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
      .build();

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /** Waits until {@code count} finished spans match; fails listing every span if not. */
  List<SpanData> await(Predicate<SpanData> which, int count, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (ended) {
      while (true) {
        List<SpanData> found = spans().stream().filter(which).toList();
        if (found.size() >= count) {
          return found;
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Expected " + count + " spans, found " + found.size()
              + " among " + describe(spans()));
        }
        ended.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Waits until {@code count} spans named {@code name} have started. */
  void awaitStarted(String name, int count, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (ended) {
      while (started.stream().filter(name::equals).count() < count) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("Expected " + count + " " + name + " started, in " + started);
        }
        ended.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Waits for {@code count} spans named {@code name}. */
  List<SpanData> await(String name, int count, Duration timeout) throws InterruptedException {
    return await(s -> s.getName().equals(name), count, timeout);
  }

  /** One span that must be there by {@code timeout}. */
  SpanData one(String name, Duration timeout) throws InterruptedException {
    List<SpanData> found = await(name, 1, timeout);
    if (found.size() != 1) {
      throw new AssertionError("Expected one " + name + ", found " + describe(found));
    }
    return found.get(0);
  }

  static String describe(List<SpanData> spans) {
    StringBuilder sb = new StringBuilder();
    for (SpanData s : spans) {
      sb.append("\n  ").append(s.getName()).append(" trace=").append(s.getTraceId())
          .append(" span=").append(s.getSpanId()).append(" parent=")
          .append(s.getParentSpanId()).append(' ').append(s.getStatus());
    }
    return sb.toString();
  }

  @Override
  public void close() {
    tracers.close();
  }
}
