package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.h2.hpack.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark's operation a few times outside JMH and checks that it does the work it
 * claims, so a broken fixture fails the build instead of producing a meaningless figure. Nothing
 * here is timed.
 */
class BenchmarkFixturesTest {

  private static long octets(List<HeaderField> fields) {
    return fields.stream().mapToLong(f -> f.name().length() + f.value().length()).sum();
  }

  @Test
  void hpack_warmTables_encodeIndexedBlocksThatDecodeToEveryField() throws Exception {
    HpackBenchmark b = new HpackBenchmark();
    b.warmTables();
    try {
      for (int i = 0; i < 3; i++) {
        // One octet per indexed field: the steady state the benchmark claims to measure.
        assertThat(b.encodeRequest()).isEqualTo(TypicalHeaders.REQUEST.size());
        assertThat(b.encodeTrailers()).isEqualTo(TypicalHeaders.TRAILERS.size());
        assertThat(b.decodeRequest()).isEqualTo(octets(TypicalHeaders.REQUEST));
        assertThat(b.decodeTrailers()).isEqualTo(octets(TypicalHeaders.TRAILERS));
      }
      assertThat(b.requestBlockLength()).isEqualTo(TypicalHeaders.REQUEST.size());
    } finally {
      b.release();
    }
  }

  @Test
  void frames_readMixedFrames_seesEveryFrameOnEachPass() throws Exception {
    FrameBenchmark b = new FrameBenchmark();
    b.setUp();
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(b.readMixedFrames()).isEqualTo(FrameBenchmark.FRAMES);
        assertThat(b.writeUnaryRequest())
            .isGreaterThan(2 * 9 + 5 + FrameBenchmark.UNARY_MESSAGE_LENGTH);
      }
    } finally {
      b.tearDown();
    }
  }

  @Test
  void deframer_repeatedPasses_yieldEveryMessageWhole() throws Exception {
    DeframerBenchmark b = new DeframerBenchmark();
    b.setUp();
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(b.deframe1KiB())
            .isEqualTo((long) DeframerBenchmark.SMALL * DeframerBenchmark.SMALL_COUNT);
        assertThat(b.deframe64KiB())
            .isEqualTo((long) DeframerBenchmark.LARGE * DeframerBenchmark.LARGE_COUNT);
      }
    } finally {
      b.tearDown();
    }
  }

  @Test
  void telemetryHooks_eachSetting_runsEveryHookAndTracesOnlyWhenAsked() {
    for (String setting : new String[] {"metrics", "metrics+traces"}) {
      TelemetryHooksBenchmark b = new TelemetryHooksBenchmark();
      b.telemetry = setting;
      b.setUp();
      try {
        for (int i = 0; i < 3; i++) {
          // With traces the attempt's context is injected into a copy of the headers.
          String traceparent = b.unaryCallHooks().get("traceparent");
          if (setting.equals("metrics")) {
            assertThat(traceparent).isNull();
          } else {
            assertThat(traceparent).startsWith("00-");
          }
        }
        // All nine A66 instruments recorded something.
        assertThat(b.metricsRecorded()).as(setting).isEqualTo(9);
      } finally {
        b.tearDown();
      }
    }
  }

  @Test
  void inProcessUnary_call_returnsResponse() throws Exception {
    InProcessUnaryBenchmark.Endpoints endpoints = new InProcessUnaryBenchmark.Endpoints();
    endpoints.start();
    try {
      InProcessUnaryBenchmark b = new InProcessUnaryBenchmark();
      InProcessUnaryBenchmark.Queue queue = new InProcessUnaryBenchmark.Queue();
      for (int i = 0; i < 3; i++) {
        assertThat(b.unaryCall(endpoints, queue)).hasSize(UnaryFixture.PAYLOAD_LENGTH);
      }
    } finally {
      endpoints.stop();
    }
  }

  @Test
  void h2Unary_call_returnsResponse() throws Exception {
    H2UnaryBenchmark.Endpoints endpoints = new H2UnaryBenchmark.Endpoints();
    endpoints.start();
    try {
      H2UnaryBenchmark b = new H2UnaryBenchmark();
      H2UnaryBenchmark.Queue queue = new H2UnaryBenchmark.Queue();
      for (int i = 0; i < 3; i++) {
        assertThat(b.unaryCall(endpoints, queue)).hasSize(UnaryFixture.PAYLOAD_LENGTH);
      }
    } finally {
      endpoints.stop();
    }
  }
}
