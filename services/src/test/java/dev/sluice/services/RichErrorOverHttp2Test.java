package dev.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.sluice.Channel;
import dev.sluice.Server;
import dev.sluice.Status;
import dev.sluice.StatusException;
import dev.sluice.h2.netty.NettyServerListener;
import dev.sluice.protobuf.StatusProto;
import dev.sluice.services.test.EchoReply;
import dev.sluice.services.test.EchoRequest;
import dev.sluice.services.test.EchoSluice;
import dev.sluice.stub.ServerCallStreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A google.rpc.Status sent by a Sluice server reaches a Sluice client over HTTP/2 intact. */
class RichErrorOverHttp2Test {

  @Test
  void richError_serverToClientOverHttp2_arrivesWithItsDetails() throws Exception {
    com.google.rpc.Status rich = com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("quota: 0 left")
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("QUOTA").build())).build();
    Server.Builder b = Server.builder().listener(
        NettyServerListener.forAddress(new InetSocketAddress("127.0.0.1", 0)).build());
    new EchoSluice.EchoAsyncImplBase() {
      @Override
      public void say(EchoRequest request, ServerCallStreamObserver<EchoReply> responses) {
        responses.onError(StatusProto.toStatusException(rich));
      }
    }.bindService().addTo(b);
    Server server = b.build().start();
    Channel channel = Channel.forTarget(server.addresses().get(0));
    try {
      StatusException e = catchThrowableOfType(StatusException.class,
          () -> EchoSluice.newBlockingStub(channel).withTimeout(Duration.ofSeconds(20))
              .say(EchoRequest.getDefaultInstance()));
      assertThat(e.status().code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.status().description()).isEqualTo("quota: 0 left");
      assertThat(StatusProto.fromThrowable(e)).isEqualTo(rich);
      assertThat(StatusProto.detail(StatusProto.fromThrowable(e), ErrorInfo.class).getReason())
          .isEqualTo("QUOTA");
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
      channel.awaitTermination(InProcess.WAIT);
      server.awaitTermination(InProcess.WAIT);
    }
  }
}
