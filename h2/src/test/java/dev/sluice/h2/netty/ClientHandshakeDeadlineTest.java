package dev.sluice.h2.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Status;
import dev.sluice.transport.ConnectivityState;
import dev.sluice.transport.Transport;
import dev.sluice.transport.TransportOp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client's connect timeout covers the whole start of a connection, not only TCP: a server
 * that accepts and never speaks cannot hold the attempt. Real time, no time asserted.
 */
class ClientHandshakeDeadlineTest {

  @Test
  void serverAcceptsAndSaysNothing_transportClosedUnavailableNamingTheHandshake()
      throws Exception {
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Transport t = NettyConnector
          .forAddress(new InetSocketAddress("127.0.0.1", blackHole.getLocalPort()))
          .connectTimeout(Duration.ofMillis(300)).build().connect();
      try (Socket accepted = blackHole.accept()) {
        CompletableFuture<Status> shutdown = new CompletableFuture<>();
        t.performTransportOp(new TransportOp.WatchConnectivity((s, why) -> {
          if (s == ConnectivityState.SHUTDOWN) {
            shutdown.complete(why);
          }
        }));
        Status why = shutdown.get(30, TimeUnit.SECONDS);
        assertThat(why.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(why.description()).contains("did not finish its handshake");
        t.terminationFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
