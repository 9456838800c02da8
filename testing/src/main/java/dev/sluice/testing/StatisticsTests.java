package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Metadata;
import dev.sluice.Status;
import dev.sluice.transport.StreamStats;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 51-52: per-stream counts match what was sent and received; timings are ordered.
 * Byte counts are required only of wire transports (in-process messages may never become bytes).
 */
abstract class StatisticsTests extends KitTestBase {

  StatisticsTests(AbstractTransportTest kit) {
    super(kit);
  }

  private record Finished(StreamStats client, StreamStats server) {}

  /** A call with 3 requests and 2 responses, read to the end on both sides. */
  private Finished finishedCall() {
    StreamRecorder<String> c = newCall();
    RecordingBatch<String> cFirst = c.batch().sendHeaders(TestMetadata.simple("client"))
        .recvHeaders().recvTrailers().perform();
    StreamRecorder<String> s = accept();
    RecordingBatch<String> sFirst = s.batch().recvHeaders().recvTrailers()
        .sendHeaders(TestMetadata.simple("server")).perform();
    var server = h().async(() -> {
      assertThat(s.drainMessages()).hasSize(3);
      assertCode(s.send("r1").awaitComplete(), Status.Code.OK);
      assertCode(s.batch().send("r2").sendTrailers(new Metadata(), Status.OK).perform()
          .awaitComplete(), Status.Code.OK);
      return sFirst.awaitTrailers();
    });
    for (int i = 0; i < 3; i++) {
      assertCode(c.send("q" + i).awaitComplete(), Status.Code.OK);
    }
    assertCode(c.halfClose().awaitComplete(), Status.Code.OK);
    assertThat(c.drainMessages()).containsExactly("r1", "r2");
    assertCode(cFirst.awaitTrailers().status(), Status.Code.OK);
    assertCode(h().await(server, "server side").status(), Status.Code.OK);
    return new Finished(c.stream().stats(), s.stream().stats());
  }

  @Test
  void stats_afterCall_messageCountsMatchBothWays() {
    Finished f = finishedCall();
    assertThat(f.client().messagesSent()).as("client messages sent").isEqualTo(3);
    assertThat(f.client().messagesReceived()).as("client messages received").isEqualTo(2);
    assertThat(f.server().messagesSent()).as("server messages sent").isEqualTo(2);
    assertThat(f.server().messagesReceived()).as("server messages received").isEqualTo(3);
  }

  @Test
  void stats_afterCallOnWire_byteAndFrameCountsArePositiveAndAgree() {
    org.junit.jupiter.api.Assumptions.assumeTrue(kit.hasWire(), "no bytes without a wire");
    Finished f = finishedCall();
    assertThat(f.client().headerBytesSent()).isPositive();
    assertThat(f.client().dataBytesSent()).isPositive();
    assertThat(f.client().framesSent()).isPositive();
    assertThat(f.client().dataBytesReceived()).isPositive();
    assertThat(f.server().headerBytesSent()).isPositive();
    assertThat(f.server().dataBytesReceived()).isEqualTo(f.client().dataBytesSent());
    assertThat(f.client().dataBytesReceived()).isEqualTo(f.server().dataBytesSent());
  }

  @Test
  void stats_timings_firstNoLaterThanLast() {
    Finished f = finishedCall();
    for (StreamStats st : new StreamStats[] {f.client(), f.server()}) {
      assertTimingOrdered(st.firstByteSentNanos(), st.lastByteSentNanos(), "sent");
      assertTimingOrdered(st.firstByteReceivedNanos(), st.lastByteReceivedNanos(), "received");
      if (kit.hasWire()) {
        assertThat(st.firstByteSentNanos()).as("first byte sent").isNotZero();
        assertThat(st.firstByteReceivedNanos()).as("first byte received").isNotZero();
        assertThat(st.firstByteSentNanos() - st.createdNanos()).as("sent after creation")
            .isGreaterThanOrEqualTo(0);
      }
    }
  }

  private static void assertTimingOrdered(long first, long last, String what) {
    if (first == 0) {
      assertThat(last).as("last byte %s recorded without a first", what).isZero();
    } else {
      assertThat(last - first).as("last byte %s minus first", what).isGreaterThanOrEqualTo(0);
    }
  }
}
