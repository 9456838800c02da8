package dev.sluice.examples.loadbalance;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Three backends on 127.0.0.1, 127.0.0.2 and 127.0.0.3 (all loopback on Linux) and a client
 * with the target {@code ipv4:127.0.0.1:P1,127.0.0.2:P2,127.0.0.3:P3} and {@code round_robin}:
 * 300 calls spread over the three; then, while calls keep flowing, the second backend is
 * stopped and restarted. Prints per backend how many calls it served in each phase.
 */
public final class LoadBalanceDemo {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int SPREAD_CALLS = 300;
  private static final int CALLS_PER_PHASE = 150;

  /** What happened: calls served per backend address in each phase, and the totals. */
  public record Report(Map<String, Integer> spread, String stopped,
      Map<String, Integer> whileStopped, Map<String, Integer> afterRestart,
      Traffic.Totals traffic) {}

  private final PrintStream out;

  /** A demo that prints to {@code out}. */
  public LoadBalanceDemo(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo on free ports; returns what it printed, as numbers. */
  public Report run() throws Exception {
    List<BackendServer> backends = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        backends.add(BackendServer.start("127.0.0." + i, 0));
      }
      return run(backends);
    } finally {
      for (BackendServer b : backends) {
        b.close();
      }
    }
  }

  private Report run(List<BackendServer> backends) throws Exception {
    String target = "ipv4:" + String.join(",",
        backends.stream().map(BackendServer::hostPort).toList());
    out.println("backends: " + backends.stream().map(BackendServer::hostPort).toList());
    out.println("client:   target " + target + ", round_robin");
    try (LoadBalanceClient client = new LoadBalanceClient(target)) {
      // round_robin picks among READY connections: wait until all three answered once.
      for (int i = 0; i < 1000 && backends.stream().anyMatch(b -> b.served() == 0); i++) {
        client.hello("warm-up");
      }
      Map<String, Integer> before = served(backends);
      for (int i = 0; i < SPREAD_CALLS; i++) {
        client.hello("call " + i);
      }
      Map<String, Integer> spread = since(before, backends);
      out.println(SPREAD_CALLS + " calls:");
      print(spread);

      BackendServer second = backends.get(1);
      Map<String, Integer> whileStopped;
      Map<String, Integer> afterRestart;
      Traffic.Totals totals;
      try (Traffic traffic = new Traffic(client, 2)) {
        traffic.awaitMoreOk(50, WAIT);
        second.stop();
        out.println("stopped  backend=" + second.hostPort() + " (graceful: GOAWAY, calls "
            + "running there finish), calls keep flowing (wait-for-ready):");
        Map<String, Integer> atStop = served(backends);
        traffic.awaitMoreOk(CALLS_PER_PHASE, WAIT);
        whileStopped = since(atStop, backends);
        print(whileStopped);

        second.restart();
        out.println("restarted backend=" + second.hostPort()
            + " on the same address; the channel reconnects after its backoff:");
        Map<String, Integer> atRestart = served(backends);
        int servedAtRestart = second.served();
        traffic.awaitUntil("call served by the restarted backend",
            () -> second.served() > servedAtRestart, WAIT);
        traffic.awaitMoreOk(CALLS_PER_PHASE, WAIT);
        afterRestart = since(atRestart, backends);
        print(afterRestart);
        totals = traffic.stop();
      }
      out.println("calls while stopping and restarting: made=" + totals.made() + " ok="
          + totals.ok() + " failed=" + totals.failures().size()
          + (totals.failures().isEmpty() ? "" : " " + totals.failures()));
      return new Report(spread, second.hostPort(), whileStopped, afterRestart, totals);
    }
  }

  private static Map<String, Integer> served(List<BackendServer> backends) {
    Map<String, Integer> m = new LinkedHashMap<>();
    backends.forEach(b -> m.put(b.hostPort(), b.served()));
    return m;
  }

  private static Map<String, Integer> since(Map<String, Integer> before,
      List<BackendServer> backends) {
    Map<String, Integer> m = new LinkedHashMap<>();
    backends.forEach(b -> m.put(b.hostPort(), b.served() - before.get(b.hostPort())));
    return m;
  }

  private void print(Map<String, Integer> calls) {
    calls.forEach((b, n) -> out.println("  backend=" + b + " calls=" + n));
  }

  /** Runs the demo; exits non-zero when a call failed or a backend got no calls. */
  public static void main(String[] args) throws Exception {
    Report r = new LoadBalanceDemo(System.out).run();
    boolean good = r.traffic().failures().isEmpty()
        && r.spread().values().stream().allMatch(n -> n > 0)
        && r.afterRestart().get(r.stopped()) > 0;
    System.out.println(good ? "done: every call succeeded, every backend served calls"
        : "done: something went wrong (see above)");
    if (!good) {
      System.exit(1);
    }
  }
}
