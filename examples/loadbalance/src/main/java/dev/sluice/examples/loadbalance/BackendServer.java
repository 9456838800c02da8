package dev.sluice.examples.loadbalance;

import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.stub.ServerContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend: a {@code loadbalance.Backend} server over HTTP/2 on a fixed address, which can be
 * stopped and started again on the same address. It counts the calls it served, across restarts.
 * {@link #main} runs one on the address given.
 */
public final class BackendServer implements AutoCloseable {

  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final AtomicInteger served = new AtomicInteger();
  private InetSocketAddress address;
  private Server server;

  private BackendServer(InetSocketAddress address) {
    this.address = Objects.requireNonNull(address, "address");
  }

  /** Starts a backend on {@code address}; port 0 picks a free port, kept for restarts. */
  public static BackendServer start(InetSocketAddress address) throws IOException {
    BackendServer b = new BackendServer(address);
    b.restart();
    return b;
  }

  /** Starts a backend on {@code ip}, port {@code port} (0: any free port). */
  public static BackendServer start(String ip, int port) throws IOException {
    return start(new InetSocketAddress(InetAddress.getByName(ip), port));
  }

  /** {@code ip:port}, as {@code ipv4:} targets and the replies' {@code served_by} write it. */
  public synchronized String hostPort() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Calls served so far, by this address, across restarts. */
  public int served() {
    return served.get();
  }

  /** True while the server listens. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Stops gracefully: new connections are refused and clients are told to go elsewhere
   * (GOAWAY); calls already running finish. Returns once the server has terminated.
   */
  public void stop() throws InterruptedException {
    Server s;
    synchronized (this) {
      s = server;
      server = null;
    }
    if (s != null) {
      s.shutdown();
      if (!s.awaitTermination(STOP_WAIT)) {
        s.shutdownNow();
      }
    }
  }

  /** Starts listening again, on the same address. No effect while running. */
  public synchronized void restart() throws IOException {
    if (server != null) {
      return;
    }
    NettyServerListener listener = NettyServerListener.forAddress(address).build();
    Server.Builder builder = Server.builder().listener(listener);
    new Service().bindService().addTo(builder);
    server = builder.build().start();
    address = (InetSocketAddress) listener.boundAddress();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /** The service: a greeting, signed with this backend's address. */
  private final class Service extends BackendSluice.BackendBlockingImplBase {
    @Override
    public HelloReply hello(HelloRequest request, ServerContext context) {
      served.incrementAndGet();
      return HelloReply.newBuilder()
          .setMessage("Hello " + request.getName())
          .setServedBy(hostPort())
          .build();
    }
  }

  /** Arguments: {@code --address IP:PORT} (default 127.0.0.1:50051). Serves until stopped. */
  public static void main(String[] args) throws Exception {
    String at = "127.0.0.1:50051";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--address") && i + 1 < args.length) {
        at = args[++i];
      } else if (args[i].startsWith("--address=")) {
        at = args[i].substring("--address=".length());
      } else {
        throw new IllegalArgumentException("Unknown argument: " + args[i]
            + " (expected --address IP:PORT)");
      }
    }
    int colon = at.lastIndexOf(':');
    BackendServer b = start(at.substring(0, colon), Integer.parseInt(at.substring(colon + 1)));
    System.out.println("Backend listening on " + b.hostPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        b.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
