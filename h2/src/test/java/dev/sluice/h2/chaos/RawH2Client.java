package dev.sluice.h2.chaos;

import dev.sluice.h2.frame.FrameWriter;
import dev.sluice.h2.frame.Http2Settings;
import dev.sluice.h2.hpack.HeaderField;
import dev.sluice.h2.hpack.HpackEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hand-driven HTTP/2 client on a plain blocking socket, for peers that misbehave on purpose:
 * it writes exactly the bytes it is told to, when it is told to, and reads only when asked. The
 * frames come from Sluice's own {@link FrameWriter} and {@link HpackEncoder}.
 *
 * <p>Not thread-safe, apart from {@link #close}.
 */
final class RawH2Client implements Closeable {

  private final Socket socket;
  private final OutputStream out;
  private final FrameWriter writer = new FrameWriter();
  private final HpackEncoder encoder = new HpackEncoder();

  private RawH2Client(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to {@code address}. {@code receiveBuffer} bytes, when positive, cap the socket's
   * receive buffer (set before connecting, so the window the kernel advertises stays small).
   */
  static RawH2Client connect(InetSocketAddress address, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.setTcpNoDelay(true);
    s.connect(address, 10_000);
    return new RawH2Client(s);
  }

  /** Writes {@code bytes} at once. */
  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes what {@code frames} puts into a buffer, at once. */
  void write(Consumer<ByteBuf> frames) throws IOException {
    write(bytes(frames));
  }

  /** The bytes {@code frames} writes. */
  static byte[] bytes(Consumer<ByteBuf> frames) {
    ByteBuf b = Unpooled.buffer();
    frames.accept(b);
    return ByteBufUtil.getBytes(b);
  }

  FrameWriter writer() {
    return writer;
  }

  /** The client preface, then {@code settings}. */
  void preface(ByteBuf b, Http2Settings settings) {
    writer.clientPreface(b);
    writer.settings(b, settings);
  }

  /** A HEADERS frame opening stream {@code id} with a gRPC request for {@code path}. */
  void requestHeaders(ByteBuf b, int id, String path) {
    ByteBuf block = Unpooled.buffer();
    encoder.encode(List.of(
        HeaderField.of(":method", "POST"), HeaderField.of(":scheme", "http"),
        HeaderField.of(":path", path), HeaderField.of(":authority", "localhost"),
        HeaderField.of("content-type", "application/grpc"), HeaderField.of("te", "trailers")),
        block);
    writer.headers(b, id, block, false, null, 0);
  }

  /** A DATA frame carrying one uncompressed gRPC message, ending the stream. */
  void lastMessage(ByteBuf b, int id, byte[] message) {
    ByteBuf framed = Unpooled.buffer(5 + message.length)
        .writeByte(0).writeInt(message.length).writeBytes(message);
    writer.data(b, id, framed, true, 0);
  }

  /**
   * Reads and drops whatever the server sends until it closes the connection (end of stream or
   * a reset). Returns false if the server kept it open for all of {@code timeout}.
   */
  boolean awaitClosedByServer(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[8192];
    try {
      while (in.read(sink) >= 0) {
        // the server's SETTINGS and whatever else it says before closing
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true; // a reset closes it too
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
