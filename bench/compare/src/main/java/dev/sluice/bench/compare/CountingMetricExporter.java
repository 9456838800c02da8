package dev.sluice.bench.compare;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A metric exporter that keeps nothing: it counts the exports and the points they carried, so
 * that a benchmark pays for collection and export as an application would, without a network or
 * an ever-growing list, and can show that exports happened.
 */
final class CountingMetricExporter implements MetricExporter {

  private final AtomicLong exports = new AtomicLong();
  private final AtomicLong points = new AtomicLong();

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    exports.incrementAndGet();
    long n = 0;
    for (MetricData m : metrics) {
      n += m.getData().getPoints().size();
    }
    points.addAndGet(n);
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  long exports() {
    return exports.get();
  }

  long points() {
    return points.get();
  }
}
