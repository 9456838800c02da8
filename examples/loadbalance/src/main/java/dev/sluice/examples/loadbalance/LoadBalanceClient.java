package dev.sluice.examples.loadbalance;

import dev.sluice.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Calls {@code loadbalance.Backend} through a channel that spreads calls over every address of
 * its target with {@code round_robin}. {@link #main} makes a number of calls and prints where
 * they went.
 */
public final class LoadBalanceClient implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Channel channel;
  private final BackendSluice.BackendBlockingStub stub;

  /**
   * A client for {@code target}: {@code ipv4:127.0.0.1:50051,127.0.0.2:50051},
   * {@code dns:///localhost:50051} (every address the name has), and so on.
   */
  public LoadBalanceClient(String target) {
    Objects.requireNonNull(target, "target");
    this.channel = Channel.builder(target).defaultLoadBalancingPolicy("round_robin").build();
    this.stub = BackendSluice.newBlockingStub(channel);
  }

  /**
   * One call that waits for a ready connection (up to 30 s) instead of failing while a backend
   * is unreachable; returns the address of the backend that served it.
   */
  public String hello(String name) {
    HelloRequest request = HelloRequest.newBuilder().setName(name).build();
    return stub.withWaitForReady().withTimeout(TIMEOUT).hello(request).getServedBy();
  }

  /** The channel, to read its state or reset its reconnect backoff. */
  public Channel channel() {
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(Duration.ofSeconds(10))) {
      channel.shutdownNow();
    }
  }

  /**
   * Arguments: {@code [--target TARGET] [--calls N]} (default
   * {@code dns:///localhost:50051}, 30 calls). Prints one line per backend.
   */
  public static void main(String[] args) throws Exception {
    String target = "dns:///localhost:50051";
    int calls = 30;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--target") && i + 1 < args.length) {
        target = args[++i];
      } else if (a.startsWith("--target=")) {
        target = a.substring("--target=".length());
      } else if (a.equals("--calls") && i + 1 < args.length) {
        calls = Integer.parseInt(args[++i]);
      } else if (a.startsWith("--calls=")) {
        calls = Integer.parseInt(a.substring("--calls=".length()));
      } else {
        throw new IllegalArgumentException("Unknown argument: " + a
            + " (expected --target TARGET, --calls N)");
      }
    }
    try (LoadBalanceClient client = new LoadBalanceClient(target)) {
      Map<String, Integer> byBackend = new TreeMap<>();
      for (int i = 0; i < calls; i++) {
        byBackend.merge(client.hello("call " + i), 1, Integer::sum);
      }
      System.out.println(calls + " calls to " + target + " (round_robin):");
      byBackend.forEach((b, n) -> System.out.println("  backend=" + b + " calls=" + n));
    }
  }
}
