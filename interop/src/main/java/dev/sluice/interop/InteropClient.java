package dev.sluice.interop;

import dev.sluice.Channel;
import dev.sluice.h2.netty.NettyConnector;
import dev.sluice.h2.netty.TlsConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The interop client, driven by the same flags as grpc-java's TestServiceClient:
 * {@code --server_host --server_port --server_host_override --use_tls --use_test_ca --test_case
 * --soak_iterations}. {@code --test_case} takes one case, a comma-separated list, or "all".
 * Prints PASS/FAIL per case; exits 0 when every case passed, 1 otherwise.
 */
public final class InteropClient {

  private static final Set<String> FLAGS = Set.of("server_host", "server_port",
      "server_host_override", "use_tls", "use_test_ca", "test_case", "soak_iterations",
      "num_times", "default_service_account", "oauth_scope", "service_account_key_file",
      "use_alts", "custom_credentials_type", "server_uri");

  private InteropClient() {}

  public static void main(String[] args) throws Exception {
    Flags flags;
    try {
      flags = new Flags(args, FLAGS);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int failures = run(flags.string("server_host", "localhost"),
        flags.integer("server_port", 8080), flags.bool("use_tls", false),
        flags.bool("use_test_ca", false), flags.string("server_host_override", null),
        flags.string("test_case", "large_unary"), flags.integer("soak_iterations", 10));
    System.exit(failures == 0 ? 0 : 1);
  }

  /** Runs the named cases, printing PASS/FAIL lines; returns how many failed. */
  public static int run(String host, int port, boolean useTls, boolean useTestCa,
      String hostOverride, String testCases, int soakIterations) throws Exception {
    Map<String, String> results = runCases(host, port, useTls, useTestCa, hostOverride,
        testCases, soakIterations);
    int failures = 0;
    for (Map.Entry<String, String> e : results.entrySet()) {
      if (e.getValue() == null) {
        System.out.println("PASS " + e.getKey());
      } else {
        System.out.println("FAIL " + e.getKey() + ": " + e.getValue());
        failures++;
      }
    }
    return failures;
  }

  /** Runs the named cases; maps each to null on a pass, else to why it failed. */
  public static Map<String, String> runCases(String host, int port, boolean useTls,
      boolean useTestCa, String hostOverride, String testCases, int soakIterations)
      throws Exception {
    TlsConfig tls = useTls ? InteropCerts.client(useTestCa, hostOverride) : null;
    Supplier<Channel> channels = () -> {
      NettyConnector.Builder c = NettyConnector.forAddress(new InetSocketAddress(host, port))
          .config(InteropServer.CONFIG);
      if (tls != null) {
        c.tls(tls);
        if (hostOverride != null) {
          c.authority(hostOverride + ":" + port);
        }
      }
      return Channel.builder(c.build()).maxInboundMessageSize(64 << 20).build();
    };
    return runCases(channels, testCases, soakIterations);
  }

  /**
   * Runs the named cases on channels from {@code channels} (a fresh one per call of channel
   * soak); maps each to null on a pass, else to why it failed.
   */
  public static Map<String, String> runCases(Supplier<Channel> channels, String testCases,
      int soakIterations) throws Exception {
    InteropCases cases = new InteropCases(channels, soakIterations);
    Map<String, InteropCases.Case> all = cases.all();
    List<String> names = new ArrayList<>();
    if (testCases.equals("all")) {
      names.addAll(new java.util.TreeSet<>(all.keySet()));
    } else {
      names.addAll(List.of(testCases.split(",")));
    }
    Map<String, String> results = new java.util.LinkedHashMap<>();
    try {
      for (String name : names) {
        InteropCases.Case c = all.get(name.trim());
        if (c == null) {
          results.put(name, "not a test case this client knows");
          continue;
        }
        try {
          c.run();
          results.put(name, null);
        } catch (Throwable t) {
          results.put(name, String.valueOf(t).replace('\n', ' '));
        }
      }
    } finally {
      cases.close();
    }
    return results;
  }
}
