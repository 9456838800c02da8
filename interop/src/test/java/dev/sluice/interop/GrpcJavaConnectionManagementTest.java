package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.Server;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.h2.netty.NettyTransportFactory;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keepalive (gRFC A8) and max connection age (A9) against grpc-java, each peer in its own
 * process: grpc-java's client pinging a Sluice server, and Sluice's channel talking to a
 * grpc-java server that ages its connections out. Real time; nothing asserts how long it took.
 */
class GrpcJavaConnectionManagementTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  /** A program from this module's test resources, run on grpc-java's class path. */
  private static PeerProcess grpcJavaProgram(String name, List<String> args) throws Exception {
    Path source;
    try {
      source = Path.of(GrpcJavaConnectionManagementTest.class
          .getResource("grpcjava/" + name + ".java").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", PeerProcess.grpcJavaClassPath(), source.toString()));
    cmd.addAll(args);
    return PeerProcess.start(cmd);
  }

  private static Server sluiceServer(NettyServerListener listener) throws Exception {
    return TestServiceImpl.register(Server.builder()).listener(listener).build().start();
  }

  @Test
  void grpcJavaClientKeepAlive_serverPermitsIt_pingsAnsweredOnTheSameConnection()
      throws Exception {
    NettyServerListener listener = NettyServerListener.forAddress(
        new InetSocketAddress("127.0.0.1", 0)).permitKeepAlive(Duration.ofSeconds(5), true)
        .build();
    Server server = sluiceServer(listener);
    try {
      int port = ((InetSocketAddress) listener.boundAddress()).getPort();
      // Pings every 10 s (grpc-java's floor) while idle for 25 s: two or three pings.
      PeerProcess client = grpcJavaProgram("KeepAliveClient", List.of("" + port, "10", "25"));
      assertThat(client.awaitExit(WAIT)).as(client.output()).isZero();
      assertThat(client.output()).contains("second call: OK");
      assertThat(listener.stats().accepted()).as("the connection lived through the pings")
          .isEqualTo(1);
    } finally {
      server.close();
    }
  }

  @Test
  void grpcJavaClientPingsTooOften_serverSaysTooManyPings_clientReconnects() throws Exception {
    // Default enforcement: without calls, pings must be two hours apart.
    NettyServerListener listener = NettyServerListener.forAddress(
        new InetSocketAddress("127.0.0.1", 0)).build();
    Server server = sluiceServer(listener);
    try {
      int port = ((InetSocketAddress) listener.boundAddress()).getPort();
      // Idle pings every 10 s: the fourth (about 40 s in) is the third strike.
      PeerProcess client = grpcJavaProgram("KeepAliveClient", List.of("" + port, "10", "50"));
      assertThat(client.awaitExit(WAIT)).as(client.output()).isZero();
      assertThat(client.output()).contains("too_many_pings").contains("second call: OK");
      assertThat(listener.stats().accepted()).as("a new connection after the GOAWAY")
          .isEqualTo(2);
    } finally {
      server.close();
    }
  }

  @Test
  void sluiceClient_grpcJavaServerWithMaxConnectionAge_streamFinishesInGrace_callsMoveOn()
      throws Exception {
    int port = PeerProcess.freePort();
    PeerProcess server = grpcJavaProgram("MaxAgeServer", List.of("" + port, "1500", "60"));
    CountingTransportFactory counting = new CountingTransportFactory(new NettyTransportFactory());
    Channel channel = Channel.builder("ipv4:127.0.0.1:" + port).transport(counting).build();
    try {
      server.awaitListening(port, WAIT);
      // Four responses a second apart: the stream outlives the connection's age.
      Call streaming = channel.newCall(TestServiceMethods.STREAMING_OUTPUT_CALL,
          CallOptions.DEFAULT.withWaitForReady().withTimeout(WAIT));
      StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
      for (int i = 0; i < 4; i++) {
        request.addResponseParameters(ResponseParameters.newBuilder().setSize(8)
            .setIntervalUs(1_000_000));
      }
      assertThat(Await.batch(streaming, new Batch().sendInitialMetadata(new Metadata())
          .sendMessage(request.build()).sendCloseFromClient())).isTrue();

      // Meanwhile: calls keep succeeding, and the channel moves to a new connection.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (counting.connections() < 2) {
        assertThat(System.nanoTime()).as("a second connection").isLessThan(deadline);
        Call c = channel.newCall(TestServiceMethods.EMPTY_CALL,
            CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)));
        Batch b = new Batch().sendInitialMetadata(new Metadata())
            .sendMessage(Empty.getDefaultInstance()).sendCloseFromClient().recvMessage()
            .recvStatusOnClient();
        assertThat(Await.batch(c, b)).isTrue();
        assertThat(b.status().isOk()).as(String.valueOf(b.status())).isTrue();
      }

      int received = 0;
      while (true) {
        Batch next = new Batch().recvMessage();
        Await.batch(streaming, next);
        if (next.message() == null) {
          break;
        }
        received++;
      }
      Batch end = new Batch().recvStatusOnClient();
      Await.batch(streaming, end);
      assertThat(end.status().isOk()).as(String.valueOf(end.status())).isTrue();
      assertThat(received).isEqualTo(4);
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(Duration.ofSeconds(30));
      server.close();
    }
  }
}
