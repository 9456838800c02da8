package dev.sluice.channel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server over UDP on loopback that knows a few A records (RFC 1035 §4): enough to check
 * that a {@code dns://server/host} target really asks that server. Names it does not know get
 * NXDOMAIN; AAAA questions get no answer.
 */
final class TinyDnsServer implements AutoCloseable {

  private final DatagramSocket socket;
  private final Map<String, InetAddress> records;
  private final Thread thread;
  final AtomicInteger queries = new AtomicInteger();

  TinyDnsServer(Map<String, InetAddress> records) throws SocketException {
    this.records = records;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.thread = new Thread(this::serve, "tiny-dns");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void serve() {
    byte[] buf = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
        queries.incrementAndGet();
        byte[] answer = answer(buf, p.getLength());
        socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private byte[] answer(byte[] q, int length) {
    // Header (12 bytes), then the question: labels, a zero byte, type and class.
    int i = 12;
    StringBuilder name = new StringBuilder();
    while (q[i] != 0) {
      int n = q[i++];
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(new String(q, i, n, java.nio.charset.StandardCharsets.US_ASCII));
      i += n;
    }
    i++;
    int qtype = ((q[i] & 0xff) << 8) | (q[i + 1] & 0xff);
    int questionEnd = i + 4;
    InetAddress ip = records.get(name.toString().toLowerCase(Locale.ROOT));
    boolean answers = ip != null && (qtype == 1 || qtype == 255);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(q[0]);
    out.write(q[1]); // the query's id
    out.write(0x81); // response, recursion desired
    out.write(ip == null ? 0x83 : 0x80); // recursion available; NXDOMAIN for unknown names
    out.writeBytes(new byte[] {0, 1, 0, (byte) (answers ? 1 : 0), 0, 0, 0, 0});
    out.write(q, 12, questionEnd - 12);
    if (answers) {
      out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4});
      out.writeBytes(ip.getAddress());
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    socket.close();
  }
}
