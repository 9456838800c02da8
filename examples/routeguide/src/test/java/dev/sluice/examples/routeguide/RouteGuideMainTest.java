package dev.sluice.examples.routeguide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command-line entry points, with their output captured. */
class RouteGuideMainTest {

  private static String run(ThrowingRunnable main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void demo_startsBothEndsAndPrintsEveryCall() throws Exception {
    String out = run(() -> RouteGuideDemo.main(new String[0]));
    assertThat(out).contains("Server listening on", "GetFeature", "ListFeatures",
        "RecordRoute", "RouteChat", "Done");
  }

  @Test
  void client_targetFlag_reachesServerOnThatPort() throws Exception {
    NettyServerListener listener = RouteGuideServer.loopback(0);
    try (Server server = RouteGuideServer.start(listener)) {
      int port = ((InetSocketAddress) listener.boundAddress()).getPort();
      String out = run(() -> RouteGuideClient.main(new String[] {"--target", "127.0.0.1:" + port}));
      assertThat(out).contains("\"Sluice Gate One\"", "RouteChat 4 notes -> 2 earlier notes");
    }
  }
}
