package dev.sluice.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sluice.Batch;
import dev.sluice.Call;
import dev.sluice.CallOptions;
import dev.sluice.Channel;
import dev.sluice.Metadata;
import dev.sluice.h2.netty.NettyTransportFactory;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sluice's round_robin channel over two grpc-java 1.79.0 interop servers, each its own process
 * on its own port. The interop TestService has no "which server are you" method, so the test
 * counts on the client which connection each call's stream went over: a connection to a port
 * ends in the one grpc-java process listening there, and every call must come back OK from it.
 */
class GrpcJavaRoundRobinTest {

  private static final CallOptions WAIT_FOR_READY =
      CallOptions.DEFAULT.withWaitForReady().withTimeout(Duration.ofSeconds(30));

  @Test
  void roundRobin_overTwoGrpcJavaServers_100CallsSplit50And50() throws Exception {
    int portA = PeerProcess.freePort();
    int portB = PeerProcess.freePort();
    try (PeerProcess a = grpcJavaServer(portA); PeerProcess b = grpcJavaServer(portB)) {
      a.awaitListening(portA, Duration.ofSeconds(60));
      b.awaitListening(portB, Duration.ofSeconds(60));
      InetSocketAddress addrA = new InetSocketAddress("127.0.0.1", portA);
      InetSocketAddress addrB = new InetSocketAddress("127.0.0.1", portB);
      CountingTransportFactory counting = new CountingTransportFactory(
          new NettyTransportFactory());
      Channel channel = Channel.builder("ipv4:127.0.0.1:" + portA + ",127.0.0.1:" + portB)
          .defaultLoadBalancingPolicy("round_robin")
          .transport(counting)
          .build();
      try {
        // round_robin picks among READY connections: call until both servers answered once.
        for (int i = 0; i < 1000
            && (counting.streamsTo(addrA) == 0 || counting.streamsTo(addrB) == 0); i++) {
          assertThat(unaryCall(channel, i)).isTrue();
        }
        int beforeA = counting.streamsTo(addrA);
        int beforeB = counting.streamsTo(addrB);

        for (int i = 0; i < 100; i++) {
          assertThat(unaryCall(channel, i)).as("call " + i).isTrue();
        }

        assertThat(List.of(counting.streamsTo(addrA) - beforeA,
            counting.streamsTo(addrB) - beforeB)).containsExactly(50, 50);
      } finally {
        channel.shutdownNow();
        assertThat(channel.awaitTermination(Duration.ofSeconds(30))).isTrue();
      }
    }
  }

  private static PeerProcess grpcJavaServer(int port) throws Exception {
    return PeerProcess.startGrpcJava("io.grpc.testing.integration.TestServiceServer",
        List.of("--port=" + port, "--use_tls=false"));
  }

  /** A UnaryCall asking for {@code i % 7 + 1} bytes back; true when it ended OK with them. */
  private static boolean unaryCall(Channel channel, int i) throws InterruptedException {
    int size = i % 7 + 1;
    SimpleRequest request = SimpleRequest.newBuilder().setResponseSize(size)
        .setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[3]))).build();
    Call call = channel.newCall(TestServiceMethods.UNARY_CALL, WAIT_FOR_READY);
    Batch b = new Batch().sendInitialMetadata(new Metadata()).sendMessage(request)
        .sendCloseFromClient().recvMessage().recvStatusOnClient();
    boolean ok = Await.batch(call, b);
    SimpleResponse response = (SimpleResponse) b.message();
    return ok && b.status().isOk() && response != null
        && response.getPayload().getBody().size() == size;
  }
}
