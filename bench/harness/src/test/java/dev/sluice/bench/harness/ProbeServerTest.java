package dev.sluice.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe's two questions over a real loopback connection, asked of this JVM. */
class ProbeServerTest {

  private static final int EIGHT_MIB = 8 << 20;

  /** Keeps the test's allocation reachable, so nothing can optimise it away. */
  static volatile byte[] sink;

  private ProbeServer server;
  private ProbeClient client;

  @BeforeEach
  void start() throws Exception {
    server = ProbeServer.start(0);
    client = ProbeClient.connect(server.port());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void alloc_afterAllocatingEightMiB_growsByAtLeastThat() throws Exception {
    long before = client.allocatedBytes();
    sink = new byte[EIGHT_MIB];
    long after = client.allocatedBytes();
    assertThat(after - before).isGreaterThanOrEqualTo(EIGHT_MIB);
  }

  @Test
  void heap_whileHoldingEightMiB_answersAPositiveFigureThatCountsIt() throws Exception {
    sink = new byte[EIGHT_MIB];
    assertThat(client.usedHeapAfterGc()).isGreaterThanOrEqualTo(EIGHT_MIB);
  }

  @Test
  void answer_unknownCommand_isAnErrorLine() {
    assertThat(server.answer("frobnicate")).startsWith("error unknown command 'frobnicate'");
  }

  @Test
  void connection_manyQuestions_eachAnswered() throws Exception {
    long previous = 0;
    for (int i = 0; i < 20; i++) {
      long now = client.allocatedBytes();
      assertThat(now).isGreaterThanOrEqualTo(previous);
      previous = now;
    }
  }
}
