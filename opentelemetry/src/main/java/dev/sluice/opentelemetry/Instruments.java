package dev.sluice.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;

/** The per-call instruments of gRFC A66 (docs/observability.md lists them), made once per meter. */
final class Instruments {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("grpc.method");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("grpc.status");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("grpc.target");

  /** A66's latency buckets, in seconds. */
  static final List<Double> LATENCY_BUCKETS = List.of(0d, 0.00001, 0.00005, 0.0001, 0.0003,
      0.0006, 0.0008, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008, 0.01, 0.013, 0.016, 0.02,
      0.025, 0.03, 0.04, 0.05, 0.065, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4, 0.5, 0.65, 0.8,
      1d, 2d, 5d, 10d, 20d, 50d, 100d);
  /** A66's size buckets, in bytes. */
  static final List<Long> SIZE_BUCKETS = List.of(0L, 1024L, 2048L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L, 268435456L, 1073741824L, 4294967296L);

  final LongCounter clientAttemptStarted;
  final DoubleHistogram clientAttemptDuration;
  final LongHistogram clientAttemptSentSize;
  final LongHistogram clientAttemptRcvdSize;
  final DoubleHistogram clientCallDuration;
  final LongCounter serverCallStarted;
  final DoubleHistogram serverCallDuration;
  final LongHistogram serverCallSentSize;
  final LongHistogram serverCallRcvdSize;

  Instruments(Meter meter) {
    clientAttemptStarted = meter.counterBuilder("grpc.client.attempt.started")
        .setUnit("{attempt}")
        .setDescription("Number of client call attempts started").build();
    clientAttemptDuration = latency(meter, "grpc.client.attempt.duration",
        "Time taken to complete a client call attempt");
    clientAttemptSentSize = size(meter, "grpc.client.attempt.sent_total_compressed_message_size",
        "Compressed message bytes sent per client call attempt");
    clientAttemptRcvdSize = size(meter, "grpc.client.attempt.rcvd_total_compressed_message_size",
        "Compressed message bytes received per client call attempt");
    clientCallDuration = latency(meter, "grpc.client.call.duration",
        "Time taken by gRPC to complete an RPC from application's perspective");
    serverCallStarted = meter.counterBuilder("grpc.server.call.started")
        .setUnit("{call}")
        .setDescription("Number of server calls started").build();
    serverCallDuration = latency(meter, "grpc.server.call.duration",
        "Time taken to complete a call from server transport's perspective");
    serverCallSentSize = size(meter, "grpc.server.call.sent_total_compressed_message_size",
        "Compressed message bytes sent per server call");
    serverCallRcvdSize = size(meter, "grpc.server.call.rcvd_total_compressed_message_size",
        "Compressed message bytes received per server call");
  }

  private static DoubleHistogram latency(Meter meter, String name, String description) {
    return meter.histogramBuilder(name).setUnit("s").setDescription(description)
        .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS).build();
  }

  private static LongHistogram size(Meter meter, String name, String description) {
    return meter.histogramBuilder(name).ofLongs().setUnit("By").setDescription(description)
        .setExplicitBucketBoundariesAdvice(SIZE_BUCKETS).build();
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
