package dev.sluice.interop;

import dev.sluice.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The interop matrix: every case in every pairing of client and server — Sluice, grpc-java
 * 1.79.0 and the C core (Debian's python3-grpcio) — over h2c and TLS, each peer in its own
 * process. Prints a table, writes it as markdown, exits non-zero on any failure.
 *
 * <p>Flags: {@code --out=docs/interop.md}, {@code --test_case=a,b} (default: every case),
 * {@code --pairings=sluice>sluice,grpc-java>sluice,...} (default: all).
 */
public final class InteropMatrix {

  /** The implementations. */
  enum Impl {
    SLUICE("sluice"), GRPC_JAVA("grpc-java"), C_CORE("c-core"),
    /** Sluice's channel over the OkHttp client transport (a client only). */
    SLUICE_OKHTTP("sluice-okhttp");

    final String label;

    Impl(String label) {
      this.label = label;
    }
  }

  /** One client talking to one server. */
  record Pairing(Impl client, Impl server, boolean tls) {
    String label() {
      return client.label + " > " + server.label + (tls ? " (tls)" : " (h2c)");
    }
  }

  /** Every case the matrix runs. */
  static final List<String> CASES = List.of("empty_unary", "large_unary",
      "client_compressed_unary", "server_compressed_unary", "client_streaming",
      "client_compressed_streaming", "server_compressed_streaming",
      "server_streaming", "ping_pong", "empty_stream", "cancel_after_begin",
      "cancel_after_first_response", "timeout_on_sleeping_server", "custom_metadata",
      "status_code_and_message", "special_status_message", "unimplemented_method",
      "unimplemented_service", "very_large_request", "rpc_soak", "channel_soak");

  private static final int SOAK_ITERATIONS = 10;
  private static final String OVERRIDE = "foo.test.google.fr";

  private InteropMatrix() {}

  /**
   * All pairings with Sluice on at least one side; Sluice's client also over the OkHttp
   * transport, against each server.
   */
  static List<Pairing> pairings() {
    List<Pairing> out = new ArrayList<>();
    for (boolean tls : new boolean[] {false, true}) {
      out.add(new Pairing(Impl.SLUICE, Impl.SLUICE, tls));
      out.add(new Pairing(Impl.GRPC_JAVA, Impl.SLUICE, tls));
      out.add(new Pairing(Impl.SLUICE, Impl.GRPC_JAVA, tls));
      out.add(new Pairing(Impl.C_CORE, Impl.SLUICE, tls));
      out.add(new Pairing(Impl.SLUICE, Impl.C_CORE, tls));
      out.add(new Pairing(Impl.SLUICE_OKHTTP, Impl.SLUICE, tls));
      out.add(new Pairing(Impl.SLUICE_OKHTTP, Impl.GRPC_JAVA, tls));
      out.add(new Pairing(Impl.SLUICE_OKHTTP, Impl.C_CORE, tls));
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    Flags flags = new Flags(args, Set.of("out", "test_case"));
    List<String> cases = flags.string("test_case", null) == null ? CASES
        : List.of(flags.string("test_case", null).split(","));
    Map<Pairing, Map<String, String>> results = run(pairings(), cases);
    String table = table(results, cases);
    System.out.println(table);
    String out = flags.string("out", null);
    if (out != null) {
      Files.writeString(Path.of(out), markdown(table, results));
    }
    System.exit(failures(results) == 0 ? 0 : 1);
  }

  static Map<Pairing, Map<String, String>> run(List<Pairing> pairings, List<String> cases)
      throws Exception {
    Map<Pairing, Map<String, String>> results = new LinkedHashMap<>();
    for (Pairing p : pairings) {
      System.out.println("== " + p.label());
      Map<String, String> r;
      try {
        r = runPairing(p, cases);
      } catch (Exception e) {
        r = new LinkedHashMap<>();
        for (String c : cases) {
          r.put(c, "pairing did not run: " + e);
        }
      }
      r.forEach((c, why) -> System.out.println((why == null ? "PASS " : "FAIL ") + c
          + (why == null ? "" : ": " + why)));
      results.put(p, r);
    }
    return results;
  }

  static int failures(Map<Pairing, Map<String, String>> results) {
    int n = 0;
    for (Map<String, String> r : results.values()) {
      for (String why : r.values()) {
        if (why != null) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * grpc-java's interop server does not check {@code expect_compressed} nor compress
   * responses one by one, so against it a client runs the variants grpc-java's own client
   * offers for that: without the probe, without the per-response flag check.
   */
  static final Map<String, String> LENIENT_FOR_GRPC_JAVA_SERVER = Map.of(
      "client_compressed_unary", "client_compressed_unary_noprobe",
      "client_compressed_streaming", "client_compressed_streaming_noprobe",
      "server_compressed_streaming", "server_compressed_streaming_nocheck");

  private static Map<String, String> runPairing(Pairing p, List<String> cases) throws Exception {
    int port = PeerProcess.freePort();
    try (AutoCloseable server = startServer(p.server(), port, p.tls())) {
      return switch (p.client()) {
        case SLUICE -> sluiceClient(port, p, cases);
        case GRPC_JAVA -> grpcJavaClient(port, p.tls(), cases);
        case C_CORE -> cCoreClient(port, p.tls(), cases);
        case SLUICE_OKHTTP -> okHttpClient(port, p, cases);
      };
    }
  }

  private static AutoCloseable startServer(Impl impl, int port, boolean tls) throws Exception {
    switch (impl) {
      case SLUICE -> {
        Server s = InteropServer.start(port, tls);
        return s::close;
      }
      case GRPC_JAVA -> {
        PeerProcess p = PeerProcess.startGrpcJava("io.grpc.testing.integration.TestServiceServer",
            List.of("--port=" + port, "--use_tls=" + tls));
        p.awaitListening(port, Duration.ofSeconds(60));
        return p;
      }
      case C_CORE -> {
        List<String> args = new ArrayList<>(List.of("--port=" + port, "--use_tls=" + tls));
        if (tls) {
          args.add("--cert_file=" + certs().resolve("server1.pem"));
          args.add("--key_file=" + certs().resolve("server1.key"));
        }
        PeerProcess p = PeerProcess.start(python("interop_server.py", args));
        p.awaitListening(port, Duration.ofSeconds(60));
        return p;
      }
      default -> throw new IllegalArgumentException(impl.label + " has no interop server");
    }
  }

  private static Map<String, String> sluiceClient(int port, Pairing p, List<String> cases)
      throws Exception {
    Map<String, String> r = new LinkedHashMap<>();
    for (String c : cases) {
      String run = p.server() == Impl.GRPC_JAVA
          ? LENIENT_FOR_GRPC_JAVA_SERVER.getOrDefault(c, c) : c;
      Map<String, String> one = InteropClient.runCases("localhost", port, p.tls(), true,
          OVERRIDE, run, SOAK_ITERATIONS);
      r.put(c, one.get(run));
    }
    return r;
  }

  private static Map<String, String> okHttpClient(int port, Pairing p, List<String> cases)
      throws Exception {
    Map<String, String> r = new LinkedHashMap<>();
    for (String c : cases) {
      String run = p.server() == Impl.GRPC_JAVA
          ? LENIENT_FOR_GRPC_JAVA_SERVER.getOrDefault(c, c) : c;
      Map<String, String> one = InteropClient.runCases(
          OkHttpInteropChannels.channels("localhost", port, p.tls(), OVERRIDE), run,
          SOAK_ITERATIONS);
      r.put(c, one.get(run));
    }
    return r;
  }

  private static Map<String, String> grpcJavaClient(int port, boolean tls, List<String> cases)
      throws Exception {
    Map<String, String> r = new LinkedHashMap<>();
    for (String c : cases) {
      List<String> args = new ArrayList<>(List.of("--server_host=localhost",
          "--server_port=" + port, "--use_tls=" + tls, "--test_case=" + c,
          "--soak_iterations=" + SOAK_ITERATIONS,
          // A cold JVM on a busy 2-core machine: allow slow iterations, fail only on errors.
          "--soak_per_iteration_max_acceptable_latency_ms=10000"));
      if (tls) {
        args.add("--use_test_ca=true");
        args.add("--server_host_override=" + OVERRIDE);
      }
      try (PeerProcess client = PeerProcess.startGrpcJava(
          "io.grpc.testing.integration.TestServiceClient", args)) {
        int exit = client.awaitExit(Duration.ofSeconds(180));
        r.put(c, exit == 0 ? null : "exit " + exit + ": " + lastLines(client.output(), 3));
      }
    }
    return r;
  }

  private static Map<String, String> cCoreClient(int port, boolean tls, List<String> cases)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--server_host=localhost",
        "--server_port=" + port, "--use_tls=" + tls, "--test_case=" + String.join(",", cases),
        "--soak_iterations=" + SOAK_ITERATIONS));
    if (tls) {
      args.add("--use_test_ca=true");
      args.add("--ca_file=" + certs().resolve("ca.pem"));
      args.add("--server_host_override=" + OVERRIDE);
    }
    Map<String, String> r = new LinkedHashMap<>();
    try (PeerProcess client = PeerProcess.start(python("interop_client.py", args))) {
      client.awaitExit(Duration.ofSeconds(600));
      String out = client.output();
      for (String c : cases) {
        r.put(c, "no result reported: " + lastLines(out, 3));
      }
      for (String line : out.split("\n")) {
        if (line.startsWith("PASS ")) {
          r.put(line.substring(5).trim(), null);
        } else if (line.startsWith("FAIL ")) {
          String rest = line.substring(5);
          int colon = rest.indexOf(':');
          String name = colon < 0 ? rest.trim() : rest.substring(0, colon).trim();
          if (r.containsKey(name)) {
            r.put(name, colon < 0 ? "failed" : rest.substring(colon + 1).trim());
          }
        }
      }
    }
    return r;
  }

  private static List<String> python(String script, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3",
        Path.of(System.getProperty("sluice.pythonPeer", "interop/python"), script).toString(),
        "--proto_dir=" + System.getProperty("sluice.interopProtos",
            "interop/target/interop-protos")));
    cmd.addAll(args);
    return cmd;
  }

  private static Path certs() {
    return Path.of(System.getProperty("sluice.interopCerts",
        "interop/target/classes/dev/sluice/interop/certs"));
  }

  private static String lastLines(String s, int n) {
    String[] lines = s.strip().split("\n");
    return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - n), lines.length));
  }

  static String table(Map<Pairing, Map<String, String>> results, List<String> cases) {
    StringBuilder sb = new StringBuilder("| case |");
    for (Pairing p : results.keySet()) {
      sb.append(' ').append(p.label()).append(" |");
    }
    sb.append("\n|---|");
    sb.append("---|".repeat(results.size()));
    for (String c : cases) {
      sb.append("\n| ").append(c).append(" |");
      for (Map<String, String> r : results.values()) {
        sb.append(r.get(c) == null && r.containsKey(c) ? " pass |" : " **FAIL** |");
      }
    }
    return sb.append('\n').toString();
  }

  private static String markdown(String table, Map<Pairing, Map<String, String>> results)
      throws IOException {
    StringBuilder sb = new StringBuilder("# Interop\n\n");
    sb.append("The gRPC interop test cases (grpc's interop-test-descriptions) between Sluice, ")
        .append("grpc-java 1.79.0 (`io.grpc:grpc-interop-testing`) and the gRPC C core ")
        .append("(Debian's `python3-grpcio`, through `interop/python`), and Sluice's client over ")
        .append("the OkHttp transport (`sluice-okhttp`), each peer in its own ")
        .append("process over loopback, plaintext (h2c) and TLS (the interop test CA, ")
        .append("`*.test.google.fr`). Columns read client > server.\n\n");
    sb.append("Made by `interop/bin/matrix` on ").append(LocalDate.now()).append(", JDK ")
        .append(Runtime.version()).append(", ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores. ").append(failures(results)).append(" failures.\n\n");
    sb.append(table);
    sb.append("\nAgainst grpc-java's interop server, Sluice's client runs ")
        .append("client_compressed_unary_noprobe, client_compressed_streaming_noprobe and a ")
        .append("server_compressed_streaming that checks sizes only: that server does not check ")
        .append("`expect_compressed` nor compress responses one by one (grpc-java's own client ")
        .append("fails the strict cases against it the same way). Every other cell is the ")
        .append("strict case.\n");
    List<String> why = new ArrayList<>();
    results.forEach((p, r) -> r.forEach((c, w) -> {
      if (w != null) {
        why.add("- " + p.label() + ", " + c + ": " + w);
      }
    }));
    if (!why.isEmpty()) {
      sb.append("\n## Failures\n\n").append(String.join("\n", why)).append('\n');
    }
    return sb.toString();
  }
}
