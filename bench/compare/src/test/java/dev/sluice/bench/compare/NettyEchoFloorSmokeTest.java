package dev.sluice.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The floor client against the in-process echo server for a fraction of a second: exchanges
 * complete, nothing fails, and the last line parses. Nothing is timed.
 */
class NettyEchoFloorSmokeTest {

  private static final String LINE = "result impl=netty mode=(pingpong|bulk) outstanding=\\d+ "
      + "size=\\d+ duration_s=\\d+\\.\\d\\d count=[1-9]\\d* qps=\\d+\\.\\d p50_us=\\d+\\.\\d "
      + "p90_us=\\d+\\.\\d p99_us=\\d+\\.\\d p999_us=\\d+\\.\\d max_us=\\d+\\.\\d "
      + "mbps=\\d+\\.\\d errors=0";

  @ParameterizedTest
  @EnumSource(FloorMode.class)
  void client_eachModeWithDefaultSize_completesExchangesWithoutErrors(FloorMode mode)
      throws Exception {
    try (FloorEchoServer server = FloorEchoServer.start(0)) {
      FloorResult r = run(server, mode, 4, mode.defaultSize());

      assertThat(r.count()).isPositive();
      assertThat(r.errors()).isZero();
      assertThat(lastLine(r)).matches(LINE);
    }
  }

  @Test
  void client_bulkChunkLargerThanSocketBuffers_completesUnderBackPressure() throws Exception {
    // 8 MiB at once is more than the socket buffers and both sides' water marks hold, so the
    // client must wait for writability and the server must pause reading to get it through.
    try (FloorEchoServer server = FloorEchoServer.start(0)) {
      FloorResult r = run(server, FloorMode.BULK, 2, 8 << 20);

      assertThat(r.count()).isPositive();
      assertThat(r.errors()).isZero();
    }
  }

  @Test
  void client_serverDropsTheConnection_reportsAnError() throws Exception {
    // A server that takes the first byte and hangs up: the exchanges in flight are lost.
    try (ServerSocket dropper = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread hangUp = new Thread(() -> {
        try (Socket s = dropper.accept()) {
          s.getInputStream().read();
        } catch (IOException e) {
          // The client gone first also ends the connection.
        }
      });
      hangUp.start();
      try {
        FloorResult r = FloorClient.run(
            new InetSocketAddress(dropper.getInetAddress(), dropper.getLocalPort()),
            FloorMode.PINGPONG, 1, 16, Duration.ZERO, Duration.ofMillis(200));

        assertThat(r.errors()).isPositive();
        assertThat(r.firstError()).isNotNull();
      } finally {
        hangUp.join();
      }
    }
  }

  private static FloorResult run(FloorEchoServer server, FloorMode mode, int outstanding,
      int size) throws Exception {
    return FloorClient.run(new InetSocketAddress("127.0.0.1", server.port()), mode, outstanding,
        size, Duration.ofMillis(100), Duration.ofMillis(400));
  }

  private static String lastLine(FloorResult r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NettyEchoFloor.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    return lines[lines.length - 1];
  }
}
