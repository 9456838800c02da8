package dev.sluice.h2.chaos;

import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The {@link ChaosService} on Sluice's HTTP/2, in a JVM of its own, for tests that kill it. Takes
 * no arguments; listens on a free loopback port and prints {@code listening on PORT} when it is
 * ready. It exits by itself when its standard input ends, so a test JVM that dies first leaves no
 * server behind.
 */
public final class ChaosServerMain {

  /** The line the server prints when it listens, before the port number. */
  static final String READY = "listening on ";

  private ChaosServerMain() {}

  public static void main(String[] args) throws Exception {
    NettyServerListener listener =
        NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0)).build();
    Server server = new ChaosService().addTo(Server.builder().listener(listener)).build().start();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the test never writes; only the end of the stream matters
        }
      } catch (IOException parentGone) {
        // the same: nobody is left to kill this server
      }
      server.shutdownNow();
      System.exit(0);
    }, "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
    String address = listener.address();
    System.out.println(READY + address.substring(address.lastIndexOf(':') + 1));
    System.out.flush();
    Thread.currentThread().join();
  }
}
