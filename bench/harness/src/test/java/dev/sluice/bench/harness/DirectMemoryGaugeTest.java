package dev.sluice.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Both direct-memory figures, with Netty on the class path (as a test dependency only). */
class DirectMemoryGaugeTest {

  private static final int ONE_MIB = 1 << 20;

  /** Keeps the test's buffer reachable until it has been measured. */
  static volatile ByteBuffer sink;

  @Test
  void nettyBytes_whileHoldingADirectBufferOfTheDefaultAllocator_countsIt() {
    ByteBuf held = ByteBufAllocator.DEFAULT.directBuffer(ONE_MIB);
    try {
      assertThat(DirectMemoryGauge.nettyBytes()).isGreaterThanOrEqualTo(ONE_MIB);
    } finally {
      held.release();
    }
  }

  @Test
  void jdkBytes_whileHoldingADirectNioBuffer_countsIt() {
    sink = ByteBuffer.allocateDirect(ONE_MIB);
    assertThat(DirectMemoryGauge.jdkBytes()).isGreaterThanOrEqualTo(ONE_MIB);
    sink = null;
  }

  @Test
  void probe_directQuestions_answeredWithTheGaugesFigures() throws Exception {
    ByteBuf held = ByteBufAllocator.DEFAULT.directBuffer(ONE_MIB);
    try (ProbeServer server = ProbeServer.start(0);
        ProbeClient client = ProbeClient.connect(server.port())) {
      assertThat(client.nettyDirectBytes()).isGreaterThanOrEqualTo(ONE_MIB);
      assertThat(client.jdkDirectBytes()).isGreaterThanOrEqualTo(0);
    } finally {
      held.release();
    }
  }
}
