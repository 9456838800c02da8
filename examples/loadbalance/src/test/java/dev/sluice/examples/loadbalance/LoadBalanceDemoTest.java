package dev.sluice.examples.loadbalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example end to end: three real servers on 127.0.0.1-3, a round_robin channel, one server
 * stopped and restarted while wait-for-ready calls flow.
 */
class LoadBalanceDemoTest {

  @Test
  void demo_threeBackends_spreadsEvenly_andLosesNothingAcrossStopAndRestart() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    LoadBalanceDemo.Report r = new LoadBalanceDemo(
        new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

    assertThat(r.spread()).hasSize(3).allSatisfy((backend, calls) -> assertThat(calls)
        .as(backend).isEqualTo(100));
    assertThat(r.stopped()).startsWith("127.0.0.2:");
    assertThat(r.whileStopped()).containsEntry(r.stopped(), 0);
    assertThat(r.whileStopped()).allSatisfy((backend, calls) -> {
      if (!backend.equals(r.stopped())) {
        assertThat(calls).as(backend).isPositive();
      }
    });
    assertThat(r.afterRestart().get(r.stopped())).isPositive();
    assertThat(r.traffic().failures()).isEmpty();
    assertThat(r.traffic().ok()).isEqualTo(r.traffic().made());
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("backend=" + r.stopped() + " calls=100", "stopped  backend=" + r.stopped(),
            "restarted backend=" + r.stopped(), "failed=0");
  }

  @Test
  void client_ipv4TargetOfTwoBackends_printsOneLinePerBackend() throws Exception {
    try (BackendServer a = BackendServer.start("127.0.0.1", 0);
        BackendServer b = BackendServer.start("127.0.0.2", 0)) {
      String target = "ipv4:" + a.hostPort() + "," + b.hostPort();
      PrintStream original = System.out;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      try {
        LoadBalanceClient.main(new String[] {"--target", target, "--calls", "20"});
      } finally {
        System.setOut(original);
      }

      assertThat(a.served() + b.served()).isEqualTo(20);
      assertThat(Map.of("a", a.served(), "b", b.served())).allSatisfy((k, n) ->
          assertThat(n).as(k).isPositive());
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
          "backend=" + a.hostPort() + " calls=" + a.served(),
          "backend=" + b.hostPort() + " calls=" + b.served());
    }
  }

  @Test
  void backend_stoppedAndRestarted_keepsItsAddressAndItsCount() throws Exception {
    try (BackendServer b = BackendServer.start("127.0.0.3", 0);
        LoadBalanceClient client = new LoadBalanceClient("ipv4:" + b.hostPort())) {
      String before = b.hostPort();
      assertThat(client.hello("one")).isEqualTo(before);

      b.stop();
      assertThat(b.isRunning()).isFalse();
      b.restart();
      client.channel().resetConnectBackoff();

      assertThat(b.hostPort()).isEqualTo(before);
      assertThat(client.hello("two")).isEqualTo(before);
      assertThat(b.served()).isEqualTo(2);
    }
  }
}
