package dev.sluice.cli;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's load-balancing part: three servers on 127.0.0.1, 127.0.0.2 and 127.0.0.3 (all
 * loopback on Linux), one channel with an {@code ipv4:} target listing them and
 * {@code round_robin}. Prints one line per backend, {@code backend=<addr> calls=<n>}, for 300
 * calls; then stops the second server, makes more calls, restarts it and makes calls until it
 * serves again. Every call waits for ready; each names its server in the {@code served-by}
 * header. Returns the number of calls that did not end OK.
 */
final class BalancingDemo {

  private static final int CALLS = 300;
  private static final int CALLS_PER_PHASE = 150;
  /** How long the restarted server may take to get calls again (the backoff is 1 s, 1.6 s...). */
  private static final Duration COME_BACK = Duration.ofSeconds(60);

  /** One backend: its address (kept across restarts) and the server running there, if any. */
  private static final class Backend {
    private volatile InetSocketAddress address;
    private Server server;

    Backend(String ip) throws IOException {
      address = new InetSocketAddress(InetAddress.getByName(ip), 0);
      restart(); // port 0: the first start picks a free port, restarts reuse it
    }

    String name() {
      return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    void stop() throws InterruptedException {
      server.shutdown();
      if (!server.awaitTermination(Duration.ofSeconds(30))) {
        server.shutdownNow();
      }
      server = null;
    }

    void restart() throws IOException {
      NettyServerListener l = NettyServerListener.forAddress(address).build();
      server = Server.builder().listener(l)
          .addMethod(DemoService.UNARY, call -> DemoService.say(call, name()))
          .build()
          .start();
      address = (InetSocketAddress) l.boundAddress();
    }

    void close() throws InterruptedException {
      if (server != null) {
        server.shutdownNow();
        server.awaitTermination(Duration.ofSeconds(30));
      }
    }
  }

  private final PrintStream out;
  private int made;
  private int failed;

  BalancingDemo(PrintStream out) {
    this.out = out;
  }

  int run() throws Exception {
    List<Backend> backends = new ArrayList<>();
    Channel channel = null;
    try {
      for (int i = 1; i <= 3; i++) {
        backends.add(new Backend("127.0.0." + i));
      }
      String target = "ipv4:" + String.join(",", backends.stream().map(Backend::name).toList());
      out.println("load balancing: servers on " + backends.stream().map(Backend::name).toList()
          + ", a channel to " + target + " with round_robin");
      channel = Channel.builder(target).defaultLoadBalancingPolicy("round_robin").build();
      // round_robin picks among READY connections: let all three connect before counting.
      awaitEveryBackend(channel, backends);

      out.println(CALLS + " unary calls:");
      print(calls(channel, CALLS), backends);

      Backend second = backends.get(1);
      second.stop();
      out.println("stopped backend=" + second.name() + " (graceful shutdown: GOAWAY); "
          + CALLS_PER_PHASE + " more calls continued on the other two:");
      print(calls(channel, CALLS_PER_PHASE), backends);

      second.restart();
      int waited = awaitServedBy(channel, second.name());
      out.println("restarted backend=" + second.name() + " on the same address; the channel "
          + "reconnected after its backoff (" + waited + " calls meanwhile went to the other "
          + "two), and it served calls again; " + CALLS_PER_PHASE + " calls:");
      print(calls(channel, CALLS_PER_PHASE), backends);
    } finally {
      if (channel != null) {
        channel.shutdownNow();
        channel.awaitTermination(Duration.ofSeconds(10));
      }
      for (Backend b : backends) {
        b.close();
      }
    }
    out.println(failed == 0
        ? "load balancing: all " + made + " calls completed OK"
        : "load balancing: " + failed + " of " + made + " call(s) failed");
    return failed;
  }

  /** Makes calls until one of every backend's answered (all three connections are READY). */
  private void awaitEveryBackend(Channel channel, List<Backend> backends)
      throws InterruptedException {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < 1000 && seen.size() < backends.size(); i++) {
      seen.putAll(calls(channel, 1));
    }
  }

  /** Makes calls until {@code name} serves one; returns how many went elsewhere meanwhile. */
  private int awaitServedBy(Channel channel, String name) throws InterruptedException {
    long end = System.nanoTime() + COME_BACK.toNanos();
    int elsewhere = 0;
    while (System.nanoTime() < end) {
      if (calls(channel, 1).containsKey(name)) {
        return elsewhere;
      }
      elsewhere++;
    }
    failed++;
    out.println("backend=" + name + " got no call within " + COME_BACK);
    return elsewhere;
  }

  /** Makes {@code n} wait-for-ready calls one after another; counts them by server. */
  private Map<String, Integer> calls(Channel channel, int n) throws InterruptedException {
    Map<String, Integer> byBackend = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      made++;
      Call call = channel.newCall(DemoService.UNARY, CallOptions.DEFAULT.withWaitForReady()
          .withTimeout(Duration.ofSeconds(30)));
      Batch b = Blocking.run(call, new Batch()
          .sendInitialMetadata(new Metadata())
          .sendMessage("Sluice")
          .sendCloseFromClient()
          .recvInitialMetadata()
          .recvMessage()
          .recvStatusOnClient());
      if (b.status().isOk()) {
        byBackend.merge(b.initialMetadata().get("served-by"), 1, Integer::sum);
      } else {
        failed++;
        out.println("call failed: " + b.status());
      }
    }
    return byBackend;
  }

  private void print(Map<String, Integer> calls, List<Backend> backends) {
    for (Backend b : backends) {
      out.println("  backend=" + b.name() + " calls=" + calls.getOrDefault(b.name(), 0));
    }
  }
}
