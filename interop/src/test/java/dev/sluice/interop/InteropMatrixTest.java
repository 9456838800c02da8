package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.interop.InteropMatrix.Impl;
import dev.sluice.interop.InteropMatrix.Pairing;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The interop matrix in CI: every case in every pairing of Sluice with itself, grpc-java 1.79.0
 * and the C core, h2c and TLS, each peer in its own process; Sluice's client runs both on its own
 * HTTP/2 and on the OkHttp transport ({@code sluice-okhttp > ...} pairings). The C-core pairings need Debian's
 * python3-grpcio (CI installs it); without it they are skipped with that reason, never passed.
 */
class InteropMatrixTest {

  @Test
  void javaPairings_everyCasePasses() throws Exception {
    List<Pairing> pairings = InteropMatrix.pairings().stream()
        .filter(p -> p.client() != Impl.C_CORE && p.server() != Impl.C_CORE).toList();
    assertNoFailures(InteropMatrix.run(pairings, InteropMatrix.CASES));
  }

  @Test
  void cCorePairings_everyCasePasses() throws Exception {
    Assumptions.assumeTrue(pythonGrpcInstalled(), "python3-grpcio, python3-grpc-tools and "
        + "python3-protobuf for /usr/bin/python3 are not installed");
    List<Pairing> pairings = InteropMatrix.pairings().stream()
        .filter(p -> p.client() == Impl.C_CORE || p.server() == Impl.C_CORE).toList();
    assertNoFailures(InteropMatrix.run(pairings, InteropMatrix.CASES));
  }

  private static void assertNoFailures(Map<Pairing, Map<String, String>> results) {
    StringBuilder failed = new StringBuilder();
    results.forEach((p, r) -> r.forEach((c, why) -> {
      if (why != null) {
        failed.append(p.label()).append(", ").append(c).append(": ").append(why).append('\n');
      }
    }));
    assertThat(failed.toString()).as("failed interop cases").isEmpty();
  }

  private static boolean pythonGrpcInstalled() throws Exception {
    if (!new File("/usr/bin/python3").canExecute()) {
      return false;
    }
    Process p = new ProcessBuilder("/usr/bin/python3", "-c",
        "import grpc, grpc_tools, google.protobuf").redirectErrorStream(true).start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
