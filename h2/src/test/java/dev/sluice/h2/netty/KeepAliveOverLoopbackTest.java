package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.h2.H2Config;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Client keepalive in real time against a server that finishes the HTTP/2 handshake and then
 * goes silent (a peer that vanished without closing): the keepalive ping gets no answer and the
 * connection closes UNAVAILABLE. The timing rules are tested on a virtual clock in KeepAliveTest;
 * nothing here asserts a time.
 */
class KeepAliveOverLoopbackTest {

  /** An empty SETTINGS frame, then a SETTINGS ACK (RFC 9113 §6.5): the whole server preface. */
  private static final byte[] SETTINGS_AND_ACK = {
      0, 0, 0, 4, 0, 0, 0, 0, 0,
      0, 0, 0, 4, 1, 0, 0, 0, 0};

  @Test
  void serverGoesSilent_keepAlivePingUnanswered_transportClosedUnavailable() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      H2Config eager = H2Config.DEFAULT.withKeepAlive(Duration.ofMillis(100),
          Duration.ofMillis(300)).withKeepAliveWithoutCalls(true);
      Transport t = NettyConnector
          .forAddress(new InetSocketAddress("127.0.0.1", silent.getLocalPort()))
          .config(eager).build().connect();
      CompletableFuture<Status> closed = new CompletableFuture<>();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      t.performTransportOp(new TransportOp.WatchConnectivity((s, why) -> {
        if (s == ConnectivityState.READY) {
          ready.complete(null);
        } else if (s == ConnectivityState.SHUTDOWN) {
          closed.complete(why);
        }
      }));
      try (Socket peer = silent.accept()) {
        OutputStream out = peer.getOutputStream();
        out.write(SETTINGS_AND_ACK);
        out.flush();
        ready.get(30, TimeUnit.SECONDS);
        // From here the peer reads nothing and writes nothing.
        Status why = closed.get(30, TimeUnit.SECONDS);
        assertThat(why.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(why.description()).contains("Keepalive failed");
        t.terminationFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
