package dev.sluice.bench.soak;

import dev.sluice.Server;
import dev.sluice.bench.harness.Flags;
import dev.sluice.h2.H2Config;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ServerCallStreamObserver;
import dev.sluice.stub.ServerCalls;
import dev.sluice.stub.StreamObserver;
import java.net.InetSocketAddress;

/**
 * The soak's server: {@link SoakMethods} on Sluice's HTTP/2, plaintext, on loopback. Flags:
 * {@code --port=N} (0, the default: any free port). Prints {@code soak server listening on PORT}
 * once it serves, then serves until killed. bench/bin/soak starts it in a JVM of its own with the
 * probe agent, through which the client reads this JVM's heap and direct memory.
 */
public final class SoakServer {

  /**
   * SETTINGS_MAX_CONCURRENT_STREAMS: room for the 10,000 long-lived streams on one connection
   * (Sluice's default is 100).
   */
  static final int MAX_CONCURRENT_STREAMS = 50_000;

  static final String READY = "soak server listening on ";

  private SoakServer() {}

  /** Starts the server on loopback {@code port} (0: any free port). */
  static Server start(int port) throws Exception {
    NettyServerListener listener = NettyServerListener
        .forAddress(new InetSocketAddress("127.0.0.1", port))
        .config(H2Config.DEFAULT.withMaxConcurrentStreams(MAX_CONCURRENT_STREAMS))
        .build();
    return Server.builder()
        .listener(listener)
        .addMethod(SoakMethods.UNARY, ServerCalls.<byte[], byte[]>asyncUnary((request, out) -> {
          out.onNext(request);
          out.onCompleted();
        }))
        .addMethod(SoakMethods.STREAM, ServerCalls.<byte[], byte[]>asyncBidi(SoakServer::echo))
        .build()
        .start();
  }

  private static StreamObserver<byte[]> echo(ServerCallStreamObserver<byte[]> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] message) {
        responses.onNext(message);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parseOrExit(args, "port");
    Server server = start(flags.integer("port", 0));
    String address = server.addresses().get(0);
    System.out.println(READY + address.substring(address.lastIndexOf(':') + 1));
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    Thread.currentThread().join();
  }
}
