package dev.sluice.grpcjava;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The other end of one HTTP/2 connection, written frame by frame over a plain socket, for tests
 * that watch what a Sluice transport does on the wire (keepalive pings, GOAWAYs) without a
 * second HTTP/2 implementation in the way. It answers SETTINGS with an ACK (RFC 9113 §6.5.3) and
 * nothing else: PINGs are reported, never answered, unless the test answers them.
 */
final class RawH2Peer implements AutoCloseable {

  static final int SETTINGS = 0x4;
  static final int PING = 0x6;
  static final int GOAWAY = 0x7;
  private static final int ACK = 0x1;
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One frame as read: its type, flags and payload. */
  record Frame(int type, int flags, byte[] payload) {
    boolean isAck() {
      return (flags & ACK) != 0;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawH2Peer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(30_000); // generous: a read that long means the peer went quiet
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** A client: connects, sends the preface and empty SETTINGS (RFC 9113 §3.4). */
  static RawH2Peer connect(int port) throws IOException {
    RawH2Peer p = new RawH2Peer(new Socket("127.0.0.1", port));
    p.out.write(PREFACE);
    p.writeFrame(SETTINGS, 0, new byte[0]);
    return p;
  }

  /** A server: accepts one connection, reads the client preface, sends empty SETTINGS. */
  static RawH2Peer accept(ServerSocket listener) throws IOException {
    listener.setSoTimeout(30_000);
    RawH2Peer p = new RawH2Peer(listener.accept());
    byte[] preface = new byte[PREFACE.length];
    p.in.readFully(preface);
    if (!java.util.Arrays.equals(preface, PREFACE)) {
      throw new IOException("Not an HTTP/2 client preface");
    }
    p.writeFrame(SETTINGS, 0, new byte[0]);
    return p;
  }

  /** Sends a PING (not an ACK) with {@code data} as its 8 bytes. */
  void ping(long data) throws IOException {
    writeFrame(PING, 0, java.nio.ByteBuffer.allocate(8).putLong(data).array());
  }

  /**
   * Reads frames, acknowledging SETTINGS, until one of {@code type} arrives (returned) or a
   * GOAWAY does (returned too, so the test sees why); null when the connection closes first.
   */
  Frame awaitFrame(int type, boolean ack) throws IOException {
    while (true) {
      Frame f = readFrame();
      if (f == null) {
        return null;
      }
      if (f.type() == SETTINGS && !f.isAck()) {
        writeFrame(SETTINGS, ACK, new byte[0]);
      }
      if ((f.type() == type && f.isAck() == ack) || f.type() == GOAWAY) {
        return f;
      }
    }
  }

  /** Reads until the peer closes the connection; true when it did (false: read timeout). */
  boolean awaitClose() throws IOException {
    try {
      while (readFrame() != null) {
        // frames before the close (a GOAWAY, say) are not what this waits for
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  private Frame readFrame() throws IOException {
    byte[] header = new byte[9];
    try {
      in.readFully(header);
    } catch (EOFException | java.net.SocketException e) {
      return null; // closed (or reset) by the peer
    }
    int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
    byte[] payload = new byte[length];
    try {
      in.readFully(payload);
    } catch (EOFException | java.net.SocketException e) {
      return null;
    }
    return new Frame(header[3] & 0xff, header[4] & 0xff, payload);
  }

  private void writeFrame(int type, int flags, byte[] payload) throws IOException {
    byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
        (byte) payload.length, (byte) type, (byte) flags, 0, 0, 0, 0};
    out.write(header);
    out.write(payload);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
