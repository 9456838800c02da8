package dev.sluice.bench.harness;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Answers questions about this JVM on a loopback TCP port, one line in and one line out (ASCII):
 *
 * <ul>
 *   <li>{@code alloc}: bytes allocated so far ({@link AllocationCounter#allocatedBytes()}),
 *   <li>{@code heap}: used heap bytes after collecting ({@link HeapGauge#usedAfterGc()}),
 *   <li>{@code direct}: direct bytes held by Netty's default allocator, -1 without Netty
 *       ({@link DirectMemoryGauge#nettyBytes()}),
 *   <li>{@code jdk_direct}: bytes of direct NIO buffers ({@link DirectMemoryGauge#jdkBytes()}),
 *   <li>anything else: a line starting with {@code error}.
 * </ul>
 *
 * A connection may ask any number of questions; each connection gets its own daemon thread, so a
 * client that stays connected blocks no other. Only loopback clients can reach it. The answers
 * cost the JVM a few hundred bytes of allocation each, counted by the next {@code alloc}.
 */
public final class ProbeServer implements Closeable {

  private final ServerSocket socket;
  private final AllocationCounter allocation = new AllocationCounter();

  private ProbeServer(ServerSocket socket) {
    this.socket = socket;
  }

  /** Listens on {@code port} of the loopback address (0: any free port) and starts answering. */
  public static ProbeServer start(int port) throws IOException {
    ProbeServer server =
        new ProbeServer(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
    daemon(server::acceptLoop, "sluice-bench-probe").start();
    return server;
  }

  /** The port it listens on. */
  public int port() {
    return socket.getLocalPort();
  }

  /** Stops accepting; connections already open end when their peers close them. */
  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        daemon(() -> serve(connection), "sluice-bench-probe-connection").start();
      } catch (IOException closedOrFailed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection;
        BufferedReader in = new BufferedReader(
            new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
        Writer out =
            new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.US_ASCII)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(answer(line.trim()));
        out.write('\n');
        out.flush();
      }
    } catch (IOException peerGone) {
      // Nothing to tell anyone: the client went away.
    }
  }

  String answer(String command) {
    return switch (command) {
      case "alloc" -> Long.toString(allocation.allocatedBytes());
      case "heap" -> Long.toString(HeapGauge.usedAfterGc());
      case "direct" -> Long.toString(DirectMemoryGauge.nettyBytes());
      case "jdk_direct" -> Long.toString(DirectMemoryGauge.jdkBytes());
      default -> "error unknown command '" + command + "' (known: alloc, heap, direct, jdk_direct)";
    };
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }
}
