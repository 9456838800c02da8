package dev.sluice.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks another JVM's {@link ProbeServer} (usually started by {@link ProbeAgent}) about its
 * allocation, heap and direct memory, over one loopback connection kept open so that a question at the edge of
 * a measured window costs one round trip. Not thread-safe: one thread asks at a time.
 */
public final class ProbeClient implements AutoCloseable {

  private final Socket socket;
  private final BufferedReader in;
  private final Writer out;

  private ProbeClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setTcpNoDelay(true);
    this.in = new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
  }

  /** Connects to the probe on loopback {@code port}. */
  public static ProbeClient connect(int port) throws IOException {
    return new ProbeClient(new Socket(InetAddress.getLoopbackAddress(), port));
  }

  /** The other JVM's {@code alloc} answer: bytes allocated so far. */
  public long allocatedBytes() throws IOException {
    return ask("alloc");
  }

  /** The other JVM's {@code heap} answer: used heap bytes after collecting until settled. */
  public long usedHeapAfterGc() throws IOException {
    return ask("heap");
  }

  /** The other JVM's {@code direct} answer: Netty's default allocator's direct bytes, or -1. */
  public long nettyDirectBytes() throws IOException {
    return ask("direct");
  }

  /** The other JVM's {@code jdk_direct} answer: bytes of direct NIO buffers. */
  public long jdkDirectBytes() throws IOException {
    return ask("jdk_direct");
  }

  private long ask(String command) throws IOException {
    out.write(command);
    out.write('\n');
    out.flush();
    String answer = in.readLine();
    if (answer == null) {
      throw new IOException("The probe closed the connection before answering " + command);
    }
    try {
      return Long.parseLong(answer);
    } catch (NumberFormatException e) {
      throw new IOException("The probe answered '" + answer + "' to " + command, e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
