package dev.sluice.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The agent's argument string and its start-up, without a separate JVM. */
class ProbeAgentTest {

  @Test
  void port_amongOtherArguments_isFound() {
    assertThat(ProbeAgent.port("verbose=1, port=4321")).isEqualTo(4321);
  }

  @Test
  void port_missing_isRefusedWithTheUsage() {
    assertThatThrownBy(() -> ProbeAgent.port(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port=N");
  }

  @Test
  void start_portZero_answersOnTheChosenPort() throws Exception {
    try (ProbeServer server = ProbeAgent.start("port=0");
        ProbeClient client = ProbeClient.connect(server.port())) {
      assertThat(client.allocatedBytes()).isPositive();
    }
  }
}
