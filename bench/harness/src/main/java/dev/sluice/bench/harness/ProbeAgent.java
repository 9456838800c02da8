package dev.sluice.bench.harness;

import java.io.IOException;
import java.lang.instrument.Instrumentation;

/**
 * The probe as a Java agent: {@code java -javaagent:sluice-bench-harness.jar=port=N ...} starts
 * a {@link ProbeServer} on loopback port N before the program's {@code main}, so a load client
 * can read a server's allocation, heap and direct memory without the server's code knowing.
 * Works in any JVM, grpc-java's included: the agent needs nothing beyond the JDK (Netty's figure
 * is read by reflection). It prints one line to standard error, {@code probe listening on
 * 127.0.0.1:N}.
 */
public final class ProbeAgent {

  private ProbeAgent() {}

  /** The agent entry point; {@code args} is {@code port=N} (0: any free port). */
  public static void premain(String args, Instrumentation instrumentation) throws IOException {
    start(args);
  }

  /** Starts the probe for an agent argument string; the server runs until the JVM exits. */
  static ProbeServer start(String args) throws IOException {
    ProbeServer server = ProbeServer.start(port(args));
    System.err.println("probe listening on 127.0.0.1:" + server.port());
    return server;
  }

  /** The {@code port} of a comma-separated {@code key=value} argument string. */
  static int port(String args) {
    if (args != null) {
      for (String part : args.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length == 2 && kv[0].trim().equals("port")) {
          return Integer.parseInt(kv[1].trim());
        }
      }
    }
    throw new IllegalArgumentException(
        "The probe agent needs its port: -javaagent:<jar>=port=N, got '" + args + "'");
  }
}
